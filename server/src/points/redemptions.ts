import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type {
  RedemptionBucket,
  RedemptionMonthQuery,
  RedemptionsByDay,
  RedemptionsByMonth,
  RedemptionTally,
  RedemptionYearQuery,
} from '@nuanxin/shared/points/schemas';
import { rowsOf, type Db } from '../db/client.js';
import { rewards, users, vouchers } from '../db/schema/index.js';
import { inScope, type Acting } from '../auth/index.js';
import { badRequest, forbidden, notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { merchantWhere } from './manage-rewards.js';
import { addDays, beijingDate, periodStart } from './periods.js';
import { issuedShortCode } from './voucher-codes.js';
import { csvCell } from '../platform/csv.js';

// A shop's confirmed vouchers by Beijing day and month, and the month's statement: what the street
// pays the shop back. A redemption counts on the day it was confirmed (the voucher's resolved_at),
// in Beijing time (UTC+8, no daylight saving). The money is each reward's settlement value
// (`rewards.settlement_fen`, set by the street or district) as it is when the statement is read.

const OFFSET_MS = 8 * 3600 * 1000;

/** The shop a report is about: a merchant's own (may be implied), or one in a staff member's scope. */
async function shopOf(ctx: Acting<PointsContext>, merchantId: string | undefined) {
  const { actor } = ctx;
  const id =
    merchantId ?? (actor.role === 'merchant' && actor.merchantIds.length === 1 ? actor.merchantIds[0] : undefined);
  if (!id) throw badRequest('VALIDATION_FAILED', '请选择商户', 'merchantId');
  if (actor.role === 'merchant' && !inScope(actor, { merchantId: id })) throw forbidden('OUT_OF_SCOPE');
  const shop = await merchantWhere(ctx.db, id);
  if (!shop) throw notFound('NOT_FOUND', '商户不存在');
  if (!inScope(actor, { merchantId: shop.id, streetId: shop.streetId, districtId: shop.districtId }))
    throw forbidden('OUT_OF_SCOPE');
  return shop;
}

/** [start, end) of a Beijing month "YYYY-MM" (or of a year "YYYY") as instants. */
function monthRange(month: string): { start: Date; end: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { start: new Date(Date.UTC(y, m - 1, 1) - OFFSET_MS), end: new Date(Date.UTC(y, m, 1) - OFFSET_MS) };
}
function yearRange(year: string): { start: Date; end: Date } {
  const y = Number(year);
  return { start: new Date(Date.UTC(y, 0, 1) - OFFSET_MS), end: new Date(Date.UTC(y + 1, 0, 1) - OFFSET_MS) };
}

type Figures = RedemptionTally;
const zero = (): Figures => ({ count: 0, points: 0, settlementFen: 0, unpriced: 0 });
const add = (into: Figures, from: Figures) => {
  into.count += from.count;
  into.points += from.points;
  into.settlementFen += from.settlementFen;
  into.unpriced += from.unpriced;
};

interface BucketRow {
  period: string;
  reward_id: string;
  title: string;
  count: number;
  points: number;
  settlement: number;
  unpriced: number;
}

/** Confirmed vouchers of a shop in [start, end), per Beijing day or month and reward, newest first. */
async function buckets(db: Db, merchantId: string, start: Date, end: Date, by: 'day' | 'month') {
  const format = by === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM';
  const result = await db.execute(sql`
    select to_char((v.resolved_at at time zone 'UTC') + interval '8 hours', ${format}) as period,
           v.reward_id, r.title,
           count(*)::int as count, sum(v.points)::int as points,
           coalesce(sum(r.settlement_fen), 0)::int as settlement,
           (count(*) filter (where r.settlement_fen is null))::int as unpriced
    from vouchers v join rewards r on r.id = v.reward_id
    where v.merchant_id = ${merchantId}::uuid and v.status = 'used'
      and v.resolved_at >= ${start} and v.resolved_at < ${end}
    group by 1, 2, 3
    order by 1 desc, 3`);
  const total = zero();
  const list: RedemptionBucket[] = [];
  for (const r of rowsOf<BucketRow>(result)) {
    const figures = {
      count: Number(r.count),
      points: Number(r.points),
      settlementFen: Number(r.settlement),
      unpriced: Number(r.unpriced),
    };
    let bucket = list[list.length - 1];
    if (!bucket || bucket.period !== r.period) {
      bucket = { period: r.period, ...zero(), rewards: [] };
      list.push(bucket);
    }
    add(bucket, figures);
    add(total, figures);
    bucket.rewards.push({ rewardId: r.reward_id, title: r.title, ...figures });
  }
  return { total, list };
}

const currentMonth = (now: Date) => beijingDate(now).slice(0, 7);

/** A shop's confirmed vouchers per day of a month (default: this month), and today's figures. */
export async function redemptionsByDay(
  ctx: Acting<PointsContext>,
  query: RedemptionMonthQuery,
): Promise<RedemptionsByDay> {
  const shop = await shopOf(ctx, query.merchantId);
  const now = ctx.now();
  const month = query.month ?? currentMonth(now);
  const { start, end } = monthRange(month);
  const { total, list } = await buckets(ctx.db, shop.id, start, end, 'day');
  const day = periodStart('day', now);
  const today = (await buckets(ctx.db, shop.id, day, addDays(day, 1), 'day')).total;
  return { merchantId: shop.id, merchantName: shop.name, month, today, total, days: list };
}

/** A shop's confirmed vouchers per month of a year (default: this year). */
export async function redemptionsByMonth(
  ctx: Acting<PointsContext>,
  query: RedemptionYearQuery,
): Promise<RedemptionsByMonth> {
  const shop = await shopOf(ctx, query.merchantId);
  const year = query.year ?? beijingDate(ctx.now()).slice(0, 4);
  const { start, end } = yearRange(year);
  const { total, list } = await buckets(ctx.db, shop.id, start, end, 'month');
  return { merchantId: shop.id, merchantName: shop.name, year, total, months: list };
}

/** 王师傅 → 王**: enough for the counter to recognise a regular, never a full name or phone. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '骑手';
  return `${chars[0]}${'*'.repeat(Math.min(Math.max(chars.length - 1, 1), 2))}`;
}

/** ABCDEFGH → AB****GH: matches a paper record without being a usable code. */
const maskCode = (code: string | null) => (code ? `${code.slice(0, 2)}****${code.slice(-2)}` : '****');

const yuan = (fen: number) => (fen / 100).toFixed(2);

const beijingTime = (at: Date) => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');

/**
 * The month's statement as CSV (UTF-8 with BOM so Excel reads the Chinese): one line per
 * confirmed voucher, a totals line, and what the street owes the shop by the rewards' settlement
 * values. Names and codes are masked; no phone is ever in it.
 */
export async function statementCsv(
  ctx: Acting<PointsContext>,
  query: RedemptionMonthQuery,
): Promise<{ csv: string; filename: string }> {
  const shop = await shopOf(ctx, query.merchantId);
  const month = query.month ?? currentMonth(ctx.now());
  const { start, end } = monthRange(month);
  const rows = await ctx.db
    .select({
      id: vouchers.id,
      resolvedAt: vouchers.resolvedAt,
      points: vouchers.points,
      shortCodeHash: vouchers.shortCodeHash,
      title: rewards.title,
      settlementFen: rewards.settlementFen,
      riderName: users.displayName,
    })
    .from(vouchers)
    .innerJoin(rewards, eq(rewards.id, vouchers.rewardId))
    .innerJoin(users, eq(users.id, vouchers.riderId))
    .where(
      and(
        eq(vouchers.merchantId, shop.id),
        eq(vouchers.status, 'used'),
        gte(vouchers.resolvedAt, start),
        lt(vouchers.resolvedAt, end),
      ),
    )
    .orderBy(asc(vouchers.resolvedAt), asc(vouchers.id));
  const line = (cells: unknown[]) => cells.map(csvCell).join(',');
  const lines = [line(['核销时间（北京时间）', '奖励', '积分', '结算金额（元）', '兑换券', '骑手'])];
  const total = zero();
  for (const r of rows) {
    total.count += 1;
    total.points += r.points;
    if (r.settlementFen == null) total.unpriced += 1;
    else total.settlementFen += r.settlementFen;
    lines.push(
      line([
        beijingTime(r.resolvedAt!),
        r.title,
        r.points,
        r.settlementFen == null ? '' : yuan(r.settlementFen),
        maskCode(issuedShortCode(ctx.config, r.id, r.shortCodeHash)),
        maskName(r.riderName),
      ]),
    );
  }
  lines.push(line([`合计 ${total.count} 笔`, '', total.points, yuan(total.settlementFen), '', '']));
  lines.push(line([`${month} ${shop.name} 街道应付商户（元）`, '', '', yuan(total.settlementFen), '', '']));
  if (total.unpriced > 0)
    lines.push(line([`其中 ${total.unpriced} 笔的奖励未定结算金额，未计入应付`, '', '', '', '', '']));
  return { csv: `\ufeff${lines.join('\r\n')}\r\n`, filename: `statement-${month}.csv` };
}
