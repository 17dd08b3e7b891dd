import { and, eq, sql } from 'drizzle-orm';
import type { Me, ScopeRef } from '@nuanxin/shared/auth/schemas';
import type { Role } from '@nuanxin/shared/auth/constants';
import type { Db } from '../db/client.js';
import { communities, districts, merchants, staffScopes, streets, users } from '../db/schema/index.js';
import { notFound } from '../errors/app-error.js';

export function maskPhoneLast4(last4: string | null): string | null {
  return last4 ? `*******${last4}` : null;
}

/** The signed-in user's own view: role, masked phone and the names of what they are responsible for. */
export async function loadMe(db: Db, userId: string): Promise<Me> {
  // One round trip: the user, each scope row and the name of what it points at. /me and every
  // login answer with this, so it is on the hot path.
  const rows = await db
    .select({
      user: users,
      kind: staffScopes.kind,
      refId: staffScopes.refId,
      refName: sql<string | null>`coalesce(${districts.name}, ${streets.name}, ${communities.name}, ${merchants.name})`,
    })
    .from(users)
    .leftJoin(staffScopes, eq(staffScopes.userId, users.id))
    .leftJoin(districts, and(eq(staffScopes.kind, 'district'), eq(districts.id, staffScopes.refId)))
    .leftJoin(streets, and(eq(staffScopes.kind, 'street'), eq(streets.id, staffScopes.refId)))
    .leftJoin(communities, and(eq(staffScopes.kind, 'community'), eq(communities.id, staffScopes.refId)))
    .leftJoin(merchants, and(eq(staffScopes.kind, 'merchant'), eq(merchants.id, staffScopes.refId)))
    .where(eq(users.id, userId));
  const user = rows[0]?.user;
  if (!user) throw notFound();
  const refsOf = (kind: string): ScopeRef[] =>
    rows
      .filter((r) => r.kind === kind && r.refId && r.refName !== null)
      .map((r) => ({ id: r.refId!, name: r.refName! }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return {
    id: user.id,
    role: user.role as Role,
    displayName: user.displayName,
    phoneMasked: maskPhoneLast4(user.phoneLast4),
    scope: {
      district: refsOf('district')[0] ?? null,
      street: refsOf('street')[0] ?? null,
      communities: refsOf('community'),
      merchant: refsOf('merchant')[0] ?? null,
    },
    createdAt: user.createdAt.toISOString(),
  };
}
