import { and, eq, lt, isNotNull, sql } from 'drizzle-orm';
import { accessCodeNonces, accessOfflineKeys, accessScanLatest, passes } from '../db/schema/index.js';
import { rowsOf } from '../db/client.js';
import type { AccessContext } from './context.js';

const DAY_MS = 86_400_000;
/** Beijing is UTC+8 all year (no summer time since 1991). */
const BEIJING_MS = 8 * 3600_000;

/** The Beijing calendar day of an instant, as YYYY-MM-DD. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + BEIJING_MS).toISOString().slice(0, 10);
}

/**
 * Makes the access_events partitions of today and the next `daysAhead` Beijing days
 * (access_events_make_partition, sql/access_events_partitions.sql): made ahead, a scan never lands
 * in the default partition, and making one never waits on a busy day's table. Rows that did land
 * in the default partition for one of those days move into its new partition. Safe to run twice
 * and on several replicas at once (the function takes an advisory lock and skips what exists).
 */
export async function makeAccessPartitions(ctx: AccessContext, input: { daysAhead?: number } = {}) {
  const today = Date.parse(`${beijingDay(ctx.now())}T00:00:00Z`);
  const daysAhead = input.daysAhead ?? ctx.config.partitionDaysAhead;
  const days = Array.from({ length: daysAhead + 1 }, (_, i) => new Date(today + i * DAY_MS).toISOString().slice(0, 10));
  let created = 0;
  for (const day of days) {
    const [row] = rowsOf<{ made: boolean }>(
      await ctx.db.execute(sql`select access_events_make_partition(${day}::date) as made`),
    );
    if (row?.made) created++;
  }
  return { partitionsCreated: created, daysAhead, through: days[days.length - 1]! };
}

/**
 * The retention job (PIPL: keep locations only as long as the rules say). Access events go by
 * whole Beijing days: every day partition whose day ended ACCESS_EVENT_RETENTION_DAYS ago is
 * dropped (access_events_drop_partitions; no row deletes, no vacuum debt), so an event is kept
 * between N and N + 1 days. Stray rows of the default partition, the de-duplication rows and the
 * offline keys before the cutoff go by rows (small tables); rider-code nonces after a day (a code
 * is good for 35 s). Approved passes past their end are marked expired. Safe to run twice and on
 * several replicas.
 */
export async function purgeAccess(
  ctx: AccessContext,
  input: {
    /** Default: ACCESS_EVENT_RETENTION_DAYS (the context's config). */
    retentionDays?: number;
  } = {},
) {
  const { db } = ctx;
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - (input.retentionDays ?? ctx.config.eventRetentionDays) * DAY_MS);
  const [drop] = rowsOf<{ dropped: string[] }>(
    await db.execute(sql`select access_events_drop_partitions(${cutoff.toISOString()}::timestamptz) as dropped`),
  );
  // The de-duplication rows point at events: they go with them.
  await db.delete(accessScanLatest).where(lt(accessScanLatest.at, cutoff));
  await db.delete(accessOfflineKeys).where(lt(accessOfflineKeys.createdAt, cutoff));
  await db.delete(accessCodeNonces).where(lt(accessCodeNonces.createdAt, new Date(now.getTime() - DAY_MS)));
  const expired = await db
    .update(passes)
    .set({ status: 'expired', updatedAt: now })
    .where(and(eq(passes.status, 'approved'), isNotNull(passes.expiresAt), lt(passes.expiresAt, now)))
    .returning({ id: passes.id });
  return { droppedPartitions: drop?.dropped ?? [], expiredPasses: expired.length, cutoff };
}
