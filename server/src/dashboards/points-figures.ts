import { sql } from 'drizzle-orm';
import { EARNING_RULE_LABELS } from '@nuanxin/shared/points/constants';
import type { DashboardQuery, PointsDashboard } from '@nuanxin/shared/dashboards/schemas';
import type { Acting } from '../auth/index.js';
import { rowsOf } from '../db/client.js';
import { SYSTEM_ACCOUNTS } from '../points/index.js';
import type { DashboardsContext } from './context.js';
import { periodInfo, resolvePeriod } from './period.js';
import { int, resolveScope, scopeWhere, shMonth, type DashboardScope } from './scope.js';

type FlowKind = 'issued' | 'voucher_used' | 'points_expired' | 'reversal' | 'account_deleted';
const FLOW_FIELD = {
  issued: 'issued',
  voucher_used: 'redeemed',
  points_expired: 'expired',
  reversal: 'reversed',
  account_deleted: 'forfeited',
} as const satisfies Record<FlowKind, string>;

/**
 * Every earning credit with the place of the event that earned it: the report, the street of a
 * staff grant, the 随手帮 task, the suggestion, the activity. A credit's place is where the
 * district's rules and money apply, so a district's points are the ones earned in it.
 */
const EARNED = sql.raw(`
  select t.id, t.credit_account_id as acc, t.amount, t.created_at, t.rule_code,
    coalesce(r.street_id, gs.id, vt.street_id, sg.street_id, ac.street_id) as street_id,
    coalesce(r.district_id, gs.district_id, vt.district_id, sg.district_id, ac.district_id) as district_id
  from point_transfers t
  left join reports r on t.source_type = 'report' and r.id::text = t.source_id
  left join streets gs on t.source_type = 'grant' and gs.id::text = t.source_id
  left join task_claims tc on t.source_type = 'task_claim' and tc.id::text = t.source_id
  left join volunteer_tasks vt on vt.id = tc.task_id
  left join suggestions sg on t.source_type = 'suggestion' and sg.id::text = t.source_id
  left join activity_attendances aa on t.source_type = 'activity_session' and aa.id::text = t.source_id
  left join activities ac on ac.id = aa.activity_id
  where t.debit_account_id = '${SYSTEM_ACCOUNTS.issuance}' and t.kind = 'single'`);

/**
 * The points earned in the scope and what became of them, as flows: issued, then each rider's
 * spending matched to their points oldest first (the order expiry uses: `expires_at`, then
 * `created_at`) — the part of a voucher, an expiry or an account deletion that fell on points
 * earned here. A reversed grant is matched to the grant itself and left out of the matching.
 * Flows before the period are summed into one `before` bucket (the opening balance).
 */
function flowsSql(scope: DashboardScope, start: Date, end: Date) {
  return sql`
    with earned as (${EARNED}),
    mine as (
      select e.id, e.acc, e.amount, e.created_at, e.rule_code from earned e
      where ${scopeWhere(scope, 'e')} and e.created_at < ${end.toISOString()}
    ),
    lots as (
      select t.id, t.credit_account_id as acc, sum(t.amount) over w - t.amount as lo, sum(t.amount) over w as hi
      from point_transfers t
      where t.kind = 'single' and t.credit_account_id in (select acc from mine)
        and not exists (select 1 from point_transfers x where x.reverses_id = t.id)
      window w as (partition by t.credit_account_id order by t.expires_at nulls last, t.created_at, t.id)
    ),
    uses as (
      select t.debit_account_id as acc, t.reason, t.created_at,
        sum(t.amount) over w - t.amount as lo, sum(t.amount) over w as hi
      from point_transfers t
      where t.kind in ('single', 'post_pending') and t.reason <> 'reversal'
        and t.debit_account_id in (select acc from mine)
      window w as (partition by t.debit_account_id order by t.created_at, t.id)
    ),
    flows as (
      select m.acc, 'issued' as kind, m.rule_code, m.created_at as at, m.amount from mine m
      union all
      select u.acc, u.reason, null, u.created_at, least(l.hi, u.hi) - greatest(l.lo, u.lo)
      from uses u join lots l on l.acc = u.acc and l.lo < u.hi and u.lo < l.hi
      join mine m on m.id = l.id
      union all
      select m.acc, 'reversal', null, x.created_at, x.amount from point_transfers x join mine m on m.id = x.reverses_id
    ),
    current as (select * from flows where at < ${end.toISOString()})
    select kind, case when at < ${start.toISOString()} then 'before' else ${shMonth('at')} end as bucket,
      null as rule_code, sum(amount)::bigint as amount
    from current group by 1, 2
    union all
    select 'rule', null, rule_code, sum(amount)::bigint from current
    where kind = 'issued' and at >= ${start.toISOString()} group by rule_code
    union all
    select 'holders', null, null, count(*)::bigint from (
      select acc from current group by acc
      having sum(case when kind = 'issued' then amount else -amount end) > 0
    ) h`;
}

/** The months a period touches (YYYY-MM, Asia/Shanghai), in order. */
function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= last) return out;
    if (m === 12) {
      y += 1;
      m = 1;
    } else m += 1;
  }
}

/**
 * 积分 figures of a street or a district over a period: the points earned there month by month and
 * what became of them (redeemed, expired, reversed, forfeited, still unspent), issued by rule,
 * and the vouchers the scope's own shops confirmed with what the street owes them. Read-only.
 */
export async function pointsDashboard(ctx: Acting<DashboardsContext>, q: DashboardQuery): Promise<PointsDashboard> {
  const period = resolvePeriod(q, ctx.now());
  const scope = await resolveScope(ctx, q.streetId);
  const { start, end } = period;

  const flowRows = rowsOf<{ kind: string; bucket: string | null; rule_code: string | null; amount: number }>(
    await ctx.db.execute(flowsSql(scope, start, end)),
  );
  const shopRows = rowsOf<{
    merchant_id: string;
    name: string;
    street_name: string;
    month: string;
    vouchers: number;
    points: number;
    fen: number;
    unpriced: number;
  }>(
    await ctx.db.execute(sql`
      select m.id as merchant_id, m.name, s.name as street_name, ${shMonth('v.resolved_at')} as month,
        count(*)::int as vouchers, sum(v.points)::int as points,
        coalesce(sum(rw.settlement_fen), 0)::int as fen, count(*) filter (where rw.settlement_fen is null)::int as unpriced
      from vouchers v
      join merchants m on m.id = v.merchant_id
      join rewards rw on rw.id = v.reward_id
      join streets s on s.id = m.street_id
      where v.status = 'used' and v.resolved_at >= ${start.toISOString()} and v.resolved_at < ${end.toISOString()}
        and ${scope.kind === 'street' ? sql`m.street_id = ${scope.id}` : sql`s.district_id = ${scope.id}`}
      group by m.id, m.name, s.name, 4`),
  );

  const months = monthsOf(period.from, period.to);
  const blank = () => ({
    issued: 0,
    redeemed: 0,
    expired: 0,
    reversed: 0,
    forfeited: 0,
    shopVouchers: 0,
    shopPoints: 0,
  });
  const byMonth = new Map(months.map((m) => [m, blank()]));
  let opening = 0;
  let ridersHolding = 0;
  const byRule: PointsDashboard['byRule'] = [];
  for (const r of flowRows) {
    const amount = int(r.amount);
    if (r.kind === 'holders') ridersHolding = amount;
    else if (r.kind === 'rule') {
      const rule = r.rule_code ?? '';
      byRule.push({ rule, label: (EARNING_RULE_LABELS as Record<string, string>)[rule] ?? rule, issued: amount });
    } else if (r.bucket === 'before') opening += r.kind === 'issued' ? amount : -amount;
    else {
      const row = byMonth.get(r.bucket ?? '');
      const field = FLOW_FIELD[r.kind as FlowKind];
      if (row && field) row[field] += amount;
    }
  }
  byRule.sort((a, b) => b.issued - a.issued || a.rule.localeCompare(b.rule));

  const shops = new Map<string, PointsDashboard['shops'][number]>();
  for (const r of shopRows) {
    const month = byMonth.get(r.month);
    if (month) {
      month.shopVouchers += int(r.vouchers);
      month.shopPoints += int(r.points);
    }
    const shop = shops.get(r.merchant_id) ?? {
      merchantId: r.merchant_id,
      name: r.name,
      streetName: r.street_name,
      vouchers: 0,
      points: 0,
      settlementFen: 0,
      unpriced: 0,
    };
    shop.vouchers += int(r.vouchers);
    shop.points += int(r.points);
    shop.settlementFen += int(r.fen);
    shop.unpriced += int(r.unpriced);
    shops.set(r.merchant_id, shop);
  }

  let balance = opening;
  const monthly = months.map((month) => {
    const f = byMonth.get(month)!;
    balance += f.issued - f.redeemed - f.expired - f.reversed - f.forfeited;
    return { month, ...f, outstandingEnd: balance };
  });
  const totals = blank();
  for (const m of monthly) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += m[k];

  return {
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    period: periodInfo(period),
    totals: { ...totals, outstanding: balance, ridersHolding },
    monthly,
    byRule,
    shops: [...shops.values()].sort((a, b) => b.points - a.points || a.name.localeCompare(b.name, 'zh-CN')),
  };
}
