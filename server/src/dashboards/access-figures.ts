import { sql } from 'drizzle-orm';
import type { AccessDashboard, DashboardQuery } from '@nuanxin/shared/dashboards/schemas';
import type { Acting } from '../auth/index.js';
import { rowsOf } from '../db/client.js';
import type { DashboardsContext } from './context.js';
import { daysOf, periodInfo, resolvePeriod } from './period.js';
import { int, num, pct, resolveScope, scopeCommunities, shDay, shHour } from './scope.js';

/**
 * 暖新码 figures of a street or a district over a period: scans and refusals per day, per hour of
 * day and per community, refusal reasons, and the pass applications made in the period with
 * minutes to decision. Only reads: access_events are filtered by their own `created_at` range
 * (the column the table is partitioned/purged by), so a day-partitioned table is pruned.
 */
export async function accessDashboard(ctx: Acting<DashboardsContext>, q: DashboardQuery): Promise<AccessDashboard> {
  const period = resolvePeriod(q, ctx.now());
  const scope = await resolveScope(ctx, q.streetId);
  const communities = scopeCommunities(scope);
  const events = sql`access_events e where e.community_id in ${communities}
    and e.created_at >= ${period.start.toISOString()} and e.created_at < ${period.end.toISOString()}`;

  const dailyRows = rowsOf<{ day: string; scans: number; refusals: number }>(
    await ctx.db.execute(sql`
      select ${shDay('e.created_at')} as day, count(*)::int as scans, count(*) filter (where not e.granted)::int as refusals
      from ${events} group by 1`),
  );
  const byDay = new Map(dailyRows.map((r) => [r.day, r]));
  const daily = daysOf(period).map((day) => ({
    day,
    scans: int(byDay.get(day)?.scans),
    refusals: int(byDay.get(day)?.refusals),
  }));

  const hourRows = rowsOf<{ hour: number; scans: number; refusals: number }>(
    await ctx.db.execute(sql`
      select ${shHour('e.created_at')} as hour, count(*)::int as scans, count(*) filter (where not e.granted)::int as refusals
      from ${events} group by 1`),
  );
  const byHourMap = new Map(hourRows.map((r) => [int(r.hour), r]));
  const byHour = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    scans: int(byHourMap.get(hour)?.scans),
    refusals: int(byHourMap.get(hour)?.refusals),
  }));

  const communityRows = rowsOf<{ id: string; name: string; street_name: string; scans: number; refusals: number }>(
    await ctx.db.execute(sql`
      select c.id, c.name, s.name as street_name, coalesce(x.scans, 0)::int as scans, coalesce(x.refusals, 0)::int as refusals
      from communities c join streets s on s.id = c.street_id
      left join (
        select e.community_id, count(*) as scans, count(*) filter (where not e.granted) as refusals
        from ${events} group by e.community_id
      ) x on x.community_id = c.id
      where c.id in ${communities}
      order by scans desc, s.name, c.name limit 500`),
  );
  const byCommunity = communityRows.map((r) => ({
    communityId: r.id,
    name: r.name,
    streetName: r.street_name,
    scans: int(r.scans),
    refusals: int(r.refusals),
  }));

  const reasons = rowsOf<{ reason: string; count: number }>(
    await ctx.db.execute(sql`
      select e.reason, count(*)::int as count from ${events} and not e.granted group by e.reason order by 2 desc, 1`),
  ).map((r) => ({ reason: r.reason, count: int(r.count) }));

  const [p] = rowsOf<Record<string, unknown>>(
    await ctx.db.execute(sql`
      select count(*)::int as applied,
        count(*) filter (where p.status in ('approved','expired','revoked'))::int as approved,
        count(*) filter (where p.status = 'rejected')::int as rejected,
        count(*) filter (where p.status = 'pending')::int as pending,
        count(p.decided_at)::int as decided,
        ${pct(0.5, 'p.applied_at', 'p.decided_at')} as p50, ${pct(0.9, 'p.applied_at', 'p.decided_at')} as p90
      from passes p where p.community_id in ${communities}
        and p.applied_at >= ${period.start.toISOString()} and p.applied_at < ${period.end.toISOString()}`),
  );

  return {
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    period: periodInfo(period),
    totals: { scans: daily.reduce((a, d) => a + d.scans, 0), refusals: daily.reduce((a, d) => a + d.refusals, 0) },
    daily,
    byHour,
    byCommunity,
    reasons,
    passes: {
      applied: int(p?.applied),
      approved: int(p?.approved),
      rejected: int(p?.rejected),
      pending: int(p?.pending),
      decided: int(p?.decided),
      p50DecisionMinutes: num(p?.p50),
      p90DecisionMinutes: num(p?.p90),
    },
  };
}
