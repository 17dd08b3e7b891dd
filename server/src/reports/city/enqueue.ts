import { sql } from 'drizzle-orm';
import type { CityConfig } from '../../platform/config.js';
import { rowsOf, type Db } from '../../db/client.js';
import { cityForwards } from '../../db/schema/index.js';
import type { ReportsContext } from '../context.js';

export type CityForwardReason = 'city_category' | 'overdue' | 'manual';

/** Forwarding is on only with a configured endpoint: nothing is ever queued otherwise. */
export const cityConfigured = (config: CityConfig) => config.url !== '';

/** The city's service_code for one of our categories (unmapped: our own code). */
export const serviceCodeFor = (config: CityConfig, categoryCode: string) =>
  config.serviceCodes[categoryCode] ?? categoryCode;

/**
 * Queues one report for the city, in the caller's transaction (the decision and its outbox row
 * land together). At most one row per report ever (unique report_id): a second decision — the
 * overdue pass after a manual 转交, two operators at once — queues nothing. Returns whether it was new.
 */
export async function queueCityForward(
  tx: Db,
  config: CityConfig,
  input: { reportId: string; categoryCode: string; reason: CityForwardReason; requestedBy?: string | null; now: Date },
): Promise<boolean> {
  if (!cityConfigured(config)) return false;
  const rows = await tx
    .insert(cityForwards)
    .values({
      reportId: input.reportId,
      reason: input.reason,
      requestedBy: input.requestedBy ?? null,
      serviceCode: serviceCodeFor(config, input.categoryCode),
      nextAttemptAt: input.now,
      createdAt: input.now,
    })
    .onConflictDoNothing({ target: cityForwards.reportId })
    .returning({ id: cityForwards.id });
  return rows.length === 1;
}

/**
 * 超时转交: every report still submitted `forwardAfterMinutes` after its accept deadline is queued
 * for the city, in one statement (insert … select … on conflict do nothing), so two runners queue
 * each report once. Riders' reports only: a partner's (Open311) may be the city's own, and sending
 * it back would loop; staff forward one by hand. Returns how many were queued.
 */
export async function queueOverdueForwards(
  ctx: Pick<ReportsContext, 'db' | 'now' | 'config'>,
  input: { limit?: number } = {},
): Promise<number> {
  const config = ctx.config.city;
  if (!cityConfigured(config)) return 0;
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - config.forwardAfterMinutes * 60_000);
  const mapping = Object.entries(config.serviceCodes);
  // Our code → the city's, as a CASE over the configured mapping (few rows, from config).
  const code = mapping.length
    ? sql`case c.code ${sql.join(
        mapping.map(([ours, theirs]) => sql`when ${ours} then ${theirs}`),
        sql` `,
      )} else c.code end`
    : sql`c.code`;
  const rows = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      insert into city_forwards (report_id, reason, service_code, next_attempt_at, created_at)
      select r.id, 'overdue', ${code}, ${now}, ${now}
      from reports r join report_categories c on c.id = r.category_id
      where r.state = 'submitted' and r.accept_due_at < ${cutoff} and r.source = 'app'
        and not exists (select 1 from city_forwards f where f.report_id = r.id)
      order by r.accept_due_at
      limit ${input.limit ?? 500}
      on conflict (report_id) do nothing
      returning id`),
  );
  return rows.length;
}
