import { and, eq, lt, isNotNull, sql } from 'drizzle-orm';
import { passes } from '../db/schema/index.js';
import type { AccessContext } from './context.js';

/**
 * The retention job: deletes access events older than the retention period (PIPL: keep
 * locations only as long as the rules say) and marks approved passes past their end as expired.
 * Deletes in batches so a big backlog never holds a long lock; safe to run on several replicas.
 */
export async function purgeAccess(
  ctx: AccessContext,
  input: {
    /** Default: ACCESS_EVENT_RETENTION_DAYS (the context's config). */
    retentionDays?: number;
    /** Rows deleted per statement. */
    batch?: number;
  } = {},
) {
  const { db } = ctx;
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - (input.retentionDays ?? ctx.config.eventRetentionDays) * 86400_000);
  const batch = input.batch ?? 5000;
  let deleted = 0;
  for (;;) {
    const result = await db.execute(sql`
      delete from access_events where id in (
        select id from access_events where created_at < ${cutoff.toISOString()} limit ${batch} for update skip locked
      ) returning id`);
    const n = ((result as { rows?: unknown[] }).rows ?? (result as unknown[])).length;
    deleted += n;
    if (n < batch) break;
  }
  // The de-duplication rows point at events: they go with them.
  await db.execute(sql`delete from access_scan_latest where at < ${cutoff.toISOString()}`);
  const expired = await db
    .update(passes)
    .set({ status: 'expired', updatedAt: now })
    .where(and(eq(passes.status, 'approved'), isNotNull(passes.expiresAt), lt(passes.expiresAt, now)))
    .returning({ id: passes.id });
  return { deletedEvents: deleted, expiredPasses: expired.length, cutoff };
}
