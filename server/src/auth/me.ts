import type { Me, ScopeRef } from '@nuanxin/shared/auth/schemas';
import type { Role } from '@nuanxin/shared/auth/constants';
import type { Db } from '../db/client.js';
import { preparedStatement, toDate } from '../db/prepared.js';
import { notFound } from '../platform/app-error.js';
import type { ServiceContext } from '../platform/context.js';
import type { Acting } from './actor.js';

export function maskPhoneLast4(last4: string | null): string | null {
  return last4 ? `*******${last4}` : null;
}

interface MeRow {
  id: string;
  role: Role;
  display_name: string;
  phone_last4: string | null;
  created_at: string | Date;
  kind: string | null;
  ref_id: string | null;
  ref_name: string | null;
}

// One round trip: the user, each scope row and the name of what it points at. /me and every login
// answer with this, so it is prepared: planning the join cost more than running it.
export const meRows = preparedStatement<MeRow>(
  'accounts_me',
  `select u.id, u.role, u.display_name, u.phone_last4, u.created_at, s.kind, s.ref_id,
          coalesce(d.name, st.name, c.name, m.name, gc.name || ' · ' || g.name, t.name, ap.name) as ref_name
     from users u
     left join staff_scopes s on s.user_id = u.id
     left join districts d on s.kind = 'district' and d.id = s.ref_id
     left join streets st on s.kind = 'street' and st.id = s.ref_id
     left join communities c on s.kind = 'community' and c.id = s.ref_id
     left join merchants m on s.kind = 'merchant' and m.id = s.ref_id
     left join gates g on s.kind = 'gate' and g.id = s.ref_id
     left join communities gc on gc.id = g.community_id
     left join teams t on s.kind = 'team' and t.id = s.ref_id
     left join apartments ap on s.kind = 'apartment' and ap.id = s.ref_id
    where u.id = $1`,
);

/** The signed-in user's own view: role, masked phone and the names of what they are responsible for. */
export async function loadMe(db: Db, userId: string): Promise<Me> {
  const rows = await meRows(db, [userId]);
  const user = rows[0];
  if (!user) throw notFound();
  const refsOf = (kind: string): ScopeRef[] =>
    rows
      .filter((r) => r.kind === kind && r.ref_id && r.ref_name !== null)
      .map((r) => ({ id: r.ref_id!, name: r.ref_name! }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return {
    id: user.id,
    role: user.role,
    displayName: user.display_name,
    phoneMasked: maskPhoneLast4(user.phone_last4),
    scope: {
      district: refsOf('district')[0] ?? null,
      street: refsOf('street')[0] ?? null,
      communities: refsOf('community'),
      merchant: refsOf('merchant')[0] ?? null,
      gates: refsOf('gate'),
      teams: refsOf('team'),
      apartments: refsOf('apartment'),
    },
    createdAt: toDate(user.created_at).toISOString(),
  };
}

/** `/me`: the caller's own account. */
export async function getMe(ctx: Acting<ServiceContext>): Promise<Me> {
  return loadMe(ctx.db, ctx.actor.userId);
}
