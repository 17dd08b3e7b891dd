import { and, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import {
  EARNING_RULE_LABELS,
  POINT_NOTICE_KINDS,
  TRANSFER_REASON_LABELS,
  type EarningRule,
  type TransferReason,
} from '@nuanxin/shared/points/constants';
import type {
  HistoryLine,
  HistoryPage,
  HistoryQuery,
  MerchantRedemptions,
  NoticeList,
  PointsSummary,
  Reward,
  RewardList,
  VoucherList,
} from '@nuanxin/shared/points/schemas';
import {
  merchants,
  notifications,
  pointTransfers,
  reportCategories,
  reports,
  rewards,
  rewardStock,
  streets,
  vouchers,
} from '../db/schema/index.js';
import type { Acting } from '../auth/index.js';
import { badRequest, forbidden } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { available, expiringBy, findRiderAccount } from './ledger.js';
import { addDays, periodStart } from './periods.js';
import { rewardOpen, stockPeriodOf } from './redeem.js';
import { cursorInvalid, isUuid } from '../platform/cursor.js';
import { toMerchantVoucher, toRiderVoucher, voucherQuery } from './voucher-views.js';

const EMPTY = {
  id: '',
  kind: 'rider',
  userId: null,
  debitsPending: 0,
  debitsPosted: 0,
  creditsPending: 0,
  creditsPosted: 0,
  debitsMustNotExceedCredits: true,
  createdAt: new Date(0),
};

/** Balance big: available, held for open vouchers, and what expires within the notice window. */
export async function pointsSummary(ctx: Acting<PointsContext>): Promise<PointsSummary> {
  const account = (await findRiderAccount(ctx.db, ctx.actor.userId)) ?? EMPTY;
  const windowDays = ctx.config.expiryNoticeDays;
  const soon = account.id
    ? await expiringBy(ctx.db, account, addDays(ctx.now(), windowDays))
    : { amount: 0, earliest: null };
  return {
    available: available(account),
    held: account.debitsPending,
    expiringSoon: { amount: soon.amount, earliest: soon.earliest?.toISOString() ?? null, windowDays },
    totalEarned: account.creditsPosted,
  };
}

// History cursors name the last line shown (a transfer id). The next page starts strictly after
// that transfer in (created_at, id) order, comparing with the row's own stored timestamp (full
// microsecond precision, never a rounded copy), so pages neither repeat nor skip a line; transfers
// are immutable, so the cursor's position never moves, and lines that arrive meanwhile are newer
// and show at the top on the next refresh instead of shifting the pages.
const encodeCursor = (id: string) => Buffer.from(`t1|${id}`).toString('base64url');

function decodeCursor(cursor: string): string {
  const [version, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (version !== 't1' || !isUuid(id)) throw cursorInvalid();
  return id;
}

/** Every change of the rider's points, newest first, each line saying why. */
export async function pointsHistory(ctx: Acting<PointsContext>, query: HistoryQuery): Promise<HistoryPage> {
  // A malformed cursor is refused whatever the history holds.
  const afterId = query.cursor ? decodeCursor(query.cursor) : null;
  const account = await findRiderAccount(ctx.db, ctx.actor.userId);
  if (!account) return { items: [], nextCursor: null };
  const limit = query.limit ?? 30;
  const t = pointTransfers;
  if (afterId) {
    // A cursor is a line of this rider's own history; anything else is refused, not guessed at.
    const [line] = await ctx.db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.id, afterId), or(eq(t.debitAccountId, account.id), eq(t.creditAccountId, account.id))));
    if (!line) throw badRequest('CURSOR_INVALID', undefined, 'cursor');
  }
  const rows = await ctx.db
    .select({
      id: t.id,
      at: t.createdAt,
      amount: t.amount,
      kind: t.kind,
      reason: t.reason,
      ruleCode: t.ruleCode,
      note: t.note,
      sourceId: t.sourceId,
      creditAccountId: t.creditAccountId,
      rewardTitle: rewards.title,
      merchantName: merchants.name,
      reportCategory: reportCategories.name,
      reportStreet: streets.name,
    })
    .from(t)
    // Cast only voucher sources: source_id is text and holds other kinds of ids too.
    .leftJoin(vouchers, sql`${vouchers.id} = case when ${t.sourceType} = 'voucher' then ${t.sourceId}::uuid end`)
    .leftJoin(rewards, eq(rewards.id, vouchers.rewardId))
    .leftJoin(merchants, eq(merchants.id, vouchers.merchantId))
    // The report a 随手拍 credit was for: its category and street say more than an id.
    .leftJoin(reports, sql`${reports.id} = case when ${t.sourceType} = 'report' then ${t.sourceId}::uuid end`)
    .leftJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .leftJoin(streets, eq(streets.id, reports.streetId))
    .where(
      and(
        or(eq(t.debitAccountId, account.id), eq(t.creditAccountId, account.id)),
        afterId
          ? sql`(${t.createdAt}, ${t.id}) < (select c.created_at, c.id from ${t} c where c.id = ${afterId}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(t.createdAt), desc(t.id))
    .limit(limit + 1);
  const items: HistoryLine[] = rows.slice(0, limit).map((r) => {
    const incoming = r.creditAccountId === account.id;
    const effect =
      r.kind === 'post_pending' ? 0 : r.kind === 'void_pending' ? r.amount : incoming ? r.amount : -r.amount;
    const reward = r.rewardTitle ? `${r.rewardTitle} · ${r.merchantName ?? ''}` : '';
    const rule = r.ruleCode ? (EARNING_RULE_LABELS[r.ruleCode as EarningRule] ?? r.ruleCode) : '';
    const detail =
      r.reason === 'staff_grant'
        ? `${rule}：${r.note ?? ''}`
        : r.reason === 'report_accepted'
          ? ['随手拍', r.reportCategory, r.reportStreet].filter(Boolean).join(' · ')
          : r.reason === 'activity_attended' || r.reason === 'task_completed' || r.reason === 'suggestion_adopted'
            ? [rule, r.note].filter(Boolean).join('：')
            : r.reason === 'points_expired'
              ? '获得满有效期的积分（先获得的先过期）'
              : r.reason === 'reversal'
                ? `更正：${r.note ?? ''}`
                : // A confirm moves no available points (the hold took them): say so instead of a bare 0.
                  r.reason === 'voucher_used'
                  ? `${reward}${reward ? ' · ' : ''}冻结的 ${r.amount} 分已扣除`
                  : reward;
    return {
      id: r.id,
      at: r.at.toISOString(),
      amount: effect,
      reason: r.reason as TransferReason,
      reasonLabel: TRANSFER_REASON_LABELS[r.reason as TransferReason],
      detail,
    };
  });
  const last = rows[limit - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

/** The catalog with, for each reward, 还差 N 分 and whether this rider could redeem it now. */
export async function rewardCatalog(ctx: Acting<PointsContext>): Promise<RewardList> {
  const rider = ctx.actor;
  const now = ctx.now();
  const account = await findRiderAccount(ctx.db, rider.userId);
  const balance = account ? available(account) : 0;
  const rows = (
    await ctx.db
      .select({ reward: rewards, merchant: merchants })
      .from(rewards)
      .innerJoin(merchants, eq(merchants.id, rewards.merchantId))
      .where(eq(rewards.active, true))
      .orderBy(rewards.pricePoints, rewards.title)
  ).filter((r) => rewardOpen(r.reward, now));
  if (rows.length === 0) return { available: balance, items: [] };
  const ids = rows.map((r) => r.reward.id);
  const stock = await ctx.db.select().from(rewardStock).where(inArray(rewardStock.rewardId, ids));
  const used = await ctx.db
    .select({ rewardId: vouchers.rewardId, n: sql<number>`count(*)::int` })
    .from(vouchers)
    .where(
      and(
        eq(vouchers.riderId, rider.userId),
        inArray(vouchers.rewardId, ids),
        inArray(vouchers.status, ['issued', 'used']),
        gte(vouchers.createdAt, periodStart('month', now)),
      ),
    )
    .groupBy(vouchers.rewardId);
  const items: Reward[] = rows.map(({ reward, merchant }) => {
    const period = stockPeriodOf(reward, now);
    const row = stock.find((s) => s.rewardId === reward.id && s.periodStart === period);
    const stockLeft = row ? row.remaining : reward.stockPerPeriod;
    const usedThisMonth = Number(used.find((u) => u.rewardId === reward.id)?.n ?? 0);
    const shortBy = Math.max(0, reward.pricePoints - balance);
    const blockedBy =
      stockLeft <= 0
        ? 'REWARD_OUT_OF_STOCK'
        : reward.perRiderMonthlyLimit != null && usedThisMonth >= reward.perRiderMonthlyLimit
          ? 'REWARD_MONTHLY_LIMIT'
          : shortBy > 0
            ? 'POINTS_INSUFFICIENT'
            : null;
    return {
      id: reward.id,
      title: reward.title,
      description: reward.description,
      pricePoints: reward.pricePoints,
      hours: reward.hours,
      merchant: {
        id: merchant.id,
        name: merchant.name,
        kind: merchant.kind,
        address: merchant.address,
        lat: merchant.lat,
        lng: merchant.lng,
      },
      period: reward.period,
      stockLeft,
      perRiderMonthlyLimit: reward.perRiderMonthlyLimit,
      usedThisMonth,
      shortBy,
      voucherValidDays: reward.voucherValidDays,
      validUntil: reward.validUntil?.toISOString() ?? null,
      blockedBy,
    };
  });
  return { available: balance, items };
}

/** The rider's vouchers, open ones first (with QR and short code), then the last 30 days. */
export async function myVouchers(ctx: Acting<PointsContext>): Promise<VoucherList> {
  const rider = ctx.actor;
  const since = addDays(ctx.now(), -30);
  const rows = await voucherQuery(ctx.db)
    .where(and(eq(vouchers.riderId, rider.userId), or(eq(vouchers.status, 'issued'), gte(vouchers.createdAt, since))))
    .orderBy(desc(vouchers.createdAt))
    .limit(50);
  const items = rows.map((row) => toRiderVoucher(ctx, row));
  const rank = (s: string) => (s === 'issued' ? 0 : 1);
  return { items: items.sort((a, b) => rank(a.status) - rank(b.status)) };
}

/** Today's and this month's confirmed vouchers of the merchant's own shop. */
export async function merchantRedemptions(ctx: Acting<PointsContext>): Promise<MerchantRedemptions> {
  const merchantId = ctx.actor.merchantIds[0];
  if (!merchantId) throw forbidden('OUT_OF_SCOPE');
  const now = ctx.now();
  const month = periodStart('month', now);
  const day = periodStart('day', now);
  const [shop] = await ctx.db.select({ name: merchants.name }).from(merchants).where(eq(merchants.id, merchantId));
  const rows = await voucherQuery(ctx.db)
    .where(
      and(
        eq(vouchers.merchantId, merchantId),
        eq(vouchers.status, 'used'),
        gte(vouchers.resolvedAt, month),
        lt(vouchers.resolvedAt, addDays(now, 1)),
      ),
    )
    .orderBy(desc(vouchers.resolvedAt));
  const tally = (list: typeof rows) => ({ count: list.length, points: list.reduce((s, r) => s + r.points, 0) });
  const today = rows.filter((r) => r.resolvedAt && r.resolvedAt.getTime() >= day.getTime());
  return {
    merchantName: shop?.name ?? '',
    today: tally(today),
    month: tally(rows),
    items: rows.slice(0, 100).map((r) => toMerchantVoucher(r, now)),
  };
}

/** The rider's points notices (expiring points / vouchers): the points kinds of the one inbox. */
export async function myNotices(ctx: Acting<PointsContext>): Promise<NoticeList> {
  const rider = ctx.actor;
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, rider.userId), inArray(notifications.kind, [...POINT_NOTICE_KINDS])))
    .orderBy(desc(notifications.createdAt))
    .limit(50);
  return {
    items: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
  };
}
