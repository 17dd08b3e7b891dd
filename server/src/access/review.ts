import { inArray } from 'drizzle-orm';
import { passes } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { notFound } from '../platform/app-error.js';
import type { Principal } from '../auth/index.js';
import { communitiesInScope } from './context.js';

/**
 * Locks passes for a decision and checks the admin covers each one's community. Shared by the
 * approve, reject and revoke use cases (each in its own file).
 */
export async function lockPassesInScope(tx: Db, principal: Principal, ids: string[]) {
  const rows = await tx.select().from(passes).where(inArray(passes.id, ids)).for('update');
  if (rows.length !== ids.length) throw notFound();
  await communitiesInScope(tx, principal, [...new Set(rows.map((r) => r.communityId))]);
  return rows;
}
