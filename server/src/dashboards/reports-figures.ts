import { sql } from 'drizzle-orm';
import type { DashboardQuery, ReportDashboard } from '@nuanxin/shared/dashboards/schemas';
import type { Acting } from '../auth/index.js';
import { rowsOf } from '../db/client.js';
import type { DashboardsContext } from './context.js';
import { daysOf, periodInfo, resolvePeriod } from './period.js';
import { int, num, pct, resolveScope, scopeWhere, shDay } from './scope.js';

/** The report's current deadline (as reports/queries.ts `dueAt`): the one of the state it is in. */
const DUE = `case when r.state = 'submitted' then r.accept_due_at
  when r.state = 'dispatched' then least(coalesce(r.on_site_due_at, r.fix_due_at), r.fix_due_at)
  else r.fix_due_at end`;
const OPEN = `r.state in ('submitted','accepted','dispatched','on_site')`;
/** Open reports drawn on the board's map at most. */
const OPEN_PINS_LIMIT = 300;

/**
 * 随手拍 figures of a street or a district over a period (Asia/Shanghai days): filed / accepted /
 * fixed per day; median and 90th percentile minutes to accept (from filing), to reach the site
 * (from dispatch) and to fix (from filing), each with the median deadline the reports' categories
 * gave them and how many made it; by category; the district's streets side by side; overdue now.
 * Times are over the reports filed in the period; "fixed" in the streets table and the daily
 * series counts fixes made in the period.
 */
export async function reportDashboard(ctx: Acting<DashboardsContext>, q: DashboardQuery): Promise<ReportDashboard> {
  const now = ctx.now();
  const period = resolvePeriod(q, now);
  const scope = await resolveScope(ctx, q.streetId);
  const where = scopeWhere(scope, 'r');
  const { start, end } = period;
  const inP = (col: string) =>
    sql`${sql.raw(col)} >= ${start.toISOString()} and ${sql.raw(col)} < ${end.toISOString()}`;

  const dailyRows = rowsOf<{ day: string; filed: number; accepted: number; fixed: number }>(
    await ctx.db.execute(sql`
      select day, sum(filed)::int as filed, sum(accepted)::int as accepted, sum(fixed)::int as fixed from (
        select ${shDay('r.created_at')} as day, 1 as filed, 0 as accepted, 0 as fixed
          from reports r where ${where} and ${inP('r.created_at')}
        union all
        select ${shDay('r.accepted_at')}, 0, 1, 0 from reports r where ${where} and ${inP('r.accepted_at')}
        union all
        select ${shDay('r.fixed_at')}, 0, 0, 1 from reports r where ${where} and ${inP('r.fixed_at')}
      ) x group by day`),
  );
  const byDay = new Map(dailyRows.map((r) => [r.day, r]));
  const daily = daysOf(period).map((day) => {
    const r = byDay.get(day);
    return { day, filed: int(r?.filed), accepted: int(r?.accepted), fixed: int(r?.fixed) };
  });

  const [t] = rowsOf<Record<string, unknown>>(
    await ctx.db.execute(sql`
      select
        count(r.accepted_at)::int as a_n, ${pct(0.5, 'r.created_at', 'r.accepted_at')} as a_p50,
        ${pct(0.9, 'r.created_at', 'r.accepted_at')} as a_p90,
        ${pct(0.5, 'r.created_at', 'r.accept_due_at', 'r.accepted_at is not null')} as a_due,
        count(*) filter (where r.accepted_at <= r.accept_due_at)::int as a_ok,
        count(r.on_site_at) filter (where r.dispatched_at is not null)::int as o_n,
        ${pct(0.5, 'r.dispatched_at', 'r.on_site_at')} as o_p50,
        ${pct(0.9, 'r.dispatched_at', 'r.on_site_at')} as o_p90,
        ${pct(0.5, 'r.dispatched_at', 'r.on_site_due_at', 'r.on_site_at is not null')} as o_due,
        count(*) filter (where r.on_site_at <= r.on_site_due_at)::int as o_ok,
        count(r.fixed_at)::int as f_n, ${pct(0.5, 'r.created_at', 'r.fixed_at')} as f_p50,
        ${pct(0.9, 'r.created_at', 'r.fixed_at')} as f_p90,
        ${pct(0.5, 'r.created_at', 'r.fix_due_at', 'r.fixed_at is not null')} as f_due,
        count(*) filter (where r.fixed_at <= r.fix_due_at)::int as f_ok
      from reports r where ${where} and ${inP('r.created_at')}`),
  );
  const step = (k: string) => ({
    count: int(t?.[`${k}_n`]),
    p50: num(t?.[`${k}_p50`]),
    p90: num(t?.[`${k}_p90`]),
    deadline: num(t?.[`${k}_due`]),
    withinDeadline: int(t?.[`${k}_ok`]),
  });

  const byCategory = rowsOf<{ code: string; name: string; filed: number; fixed: number }>(
    await ctx.db.execute(sql`
      select c.code, c.name, count(*)::int as filed, count(r.fixed_at)::int as fixed
      from reports r join report_categories c on c.id = r.category_id
      where ${where} and ${inP('r.created_at')}
      group by c.code, c.name, c.sort_order order by c.sort_order, c.code`),
  ).map((c) => ({ code: c.code, name: c.name, filed: int(c.filed), fixed: int(c.fixed) }));

  const nowIso = now.toISOString();
  const overdueRows = rowsOf<{
    id: string;
    category: string;
    state: string;
    street_name: string | null;
    due_at: string;
  }>(
    await ctx.db.execute(sql`
      select r.id, c.name as category, r.state, s.name as street_name, (${sql.raw(DUE)}) as due_at
      from reports r join report_categories c on c.id = r.category_id left join streets s on s.id = r.street_id
      where ${where} and ${sql.raw(OPEN)} and (${sql.raw(DUE)}) < ${nowIso}
      order by due_at asc, r.id limit 100`),
  );
  const overdue = overdueRows.map((r) => {
    const due = new Date(r.due_at);
    return {
      id: r.id,
      category: r.category,
      state: r.state,
      streetName: r.street_name,
      dueAt: due.toISOString(),
      overdueMinutes: Math.floor((now.getTime() - due.getTime()) / 60_000),
    };
  });

  // Open and overdue now, per street (one street's row when the scope is a street).
  const nowRows = rowsOf<{ street_id: string | null; open: number; overdue: number }>(
    await ctx.db.execute(sql`
      select r.street_id, count(*)::int as open, count(*) filter (where (${sql.raw(DUE)}) < ${nowIso})::int as overdue
      from reports r where ${where} and ${sql.raw(OPEN)} group by r.street_id`),
  );
  const openNow = nowRows.reduce((a, r) => a + int(r.open), 0);
  const overdueTotal = nowRows.reduce((a, r) => a + int(r.overdue), 0);

  let streets: ReportDashboard['streets'] = [];
  if (scope.kind === 'district') {
    const filedRows = rowsOf<Record<string, unknown>>(
      await ctx.db.execute(sql`
        select r.street_id, count(*)::int as filed, ${pct(0.5, 'r.created_at', 'r.accepted_at')} as p50_accept,
          ${pct(0.9, 'r.created_at', 'r.fixed_at')} as p90_fix
        from reports r where ${where} and ${inP('r.created_at')} group by r.street_id`),
    );
    const fixedRows = rowsOf<Record<string, unknown>>(
      await ctx.db.execute(sql`
        select r.street_id, count(*)::int as fixed, count(*) filter (where r.fixed_at <= r.fix_due_at)::int as ok
        from reports r where ${where} and ${inP('r.fixed_at')} group by r.street_id`),
    );
    const list = rowsOf<{ id: string; name: string }>(
      await ctx.db.execute(sql`select id, name from streets where district_id = ${scope.id} order by code, name`),
    );
    const key = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    const filedBy = new Map(filedRows.map((r) => [key(r.street_id), r]));
    const fixedBy = new Map(fixedRows.map((r) => [key(r.street_id), r]));
    const nowBy = new Map(nowRows.map((r) => [key(r.street_id), r]));
    const row = (streetId: string | null, name: string) => {
      const k = key(streetId);
      return {
        streetId,
        name,
        filed: int(filedBy.get(k)?.filed),
        fixed: int(fixedBy.get(k)?.fixed),
        openNow: int(nowBy.get(k)?.open),
        overdueNow: int(nowBy.get(k)?.overdue),
        p50ToAccept: num(filedBy.get(k)?.p50_accept),
        p90ToFix: num(filedBy.get(k)?.p90_fix),
        fixedWithinDeadline: int(fixedBy.get(k)?.ok),
      };
    };
    streets = list.map((s) => row(s.id, s.name));
    const districtLevel = row(null, '区级（不属任何街道）');
    if (districtLevel.filed + districtLevel.fixed + districtLevel.openNow > 0) streets.push(districtLevel);
  }

  // The map's layer of open reports (the most urgent first, a bounded number).
  const pinRows = rowsOf<{ id: string; category: string; lat: number; lng: number; overdue: boolean }>(
    await ctx.db.execute(sql`
      select r.id, c.name as category, r.lat, r.lng, (${sql.raw(DUE)}) < ${nowIso} as overdue
      from reports r join report_categories c on c.id = r.category_id
      where ${where} and ${sql.raw(OPEN)}
      order by (${sql.raw(DUE)}) < ${nowIso} desc, r.created_at asc, r.id limit ${OPEN_PINS_LIMIT}`),
  );
  const openPins = pinRows.map((r) => ({
    id: r.id,
    category: r.category,
    lat: Number(r.lat),
    lng: Number(r.lng),
    overdue: r.overdue === true || String(r.overdue) === 't',
  }));

  return {
    districtId: scope.districtId,
    openPins,
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    period: periodInfo(period),
    totals: {
      filed: daily.reduce((a, d) => a + d.filed, 0),
      accepted: daily.reduce((a, d) => a + d.accepted, 0),
      fixed: daily.reduce((a, d) => a + d.fixed, 0),
      openNow,
    },
    daily,
    times: { toAccept: step('a'), toOnSite: step('o'), toFix: step('f') },
    byCategory,
    streets,
    overdue,
    overdueTotal,
  };
}
