import { eq, inArray } from 'drizzle-orm';
import type { Me, ScopeRef } from '@nuanxin/shared/auth/schemas';
import type { Role } from '@nuanxin/shared/auth/constants';
import type { Db } from '../db/client.js';
import { communities, districts, merchants, staffScopes, streets, users } from '../db/schema/index.js';
import { notFound } from '../errors/app-error.js';

export function maskPhoneLast4(last4: string | null): string | null {
  return last4 ? `*******${last4}` : null;
}

async function names(
  db: Db,
  table: typeof districts | typeof streets | typeof communities | typeof merchants,
  ids: string[],
): Promise<ScopeRef[]> {
  if (ids.length === 0) return [];
  const rows = await db.select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, ids));
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/** The signed-in user's own view: role, masked phone and the names of what they are responsible for. */
export async function loadMe(db: Db, userId: string): Promise<Me> {
  const user = await db.query.users.findFirst({ where: eq(users.id, userId) });
  if (!user) throw notFound();
  const scopes = await db.select().from(staffScopes).where(eq(staffScopes.userId, userId));
  const idsOf = (kind: string) => scopes.filter((s) => s.kind === kind).map((s) => s.refId);
  const [district, street, communityRefs, merchant] = await Promise.all([
    names(db, districts, idsOf('district')),
    names(db, streets, idsOf('street')),
    names(db, communities, idsOf('community')),
    names(db, merchants, idsOf('merchant')),
  ]);
  return {
    id: user.id,
    role: user.role as Role,
    displayName: user.displayName,
    phoneMasked: maskPhoneLast4(user.phoneLast4),
    scope: {
      district: district[0] ?? null,
      street: street[0] ?? null,
      communities: communityRefs,
      merchant: merchant[0] ?? null,
    },
    createdAt: user.createdAt.toISOString(),
  };
}
