import { and, eq, gt, gte, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { PointNoticeKind } from '@nuanxin/shared/points/constants';
import type { Db } from '../db/client.js';
import { merchants, notifications, pointAccounts, pointTransfers, rewards, vouchers } from '../db/schema/index.js';
import { noticeOnce } from '../notifications/index.js';
import type { PointsContext } from './context.js';
import { derivedId } from './ids.js';
import { createTransfer, expiringBy, lockRiderAccount, SYSTEM_ACCOUNTS } from './ledger.js';
import { addDays, beijingDate, beijingDateTime } from './periods.js';
import { lockVoucher, resolveVoucher } from './resolve-voucher.js';

// Jobs, safe to run from any number of processes at once: each unit of work is its own
// transaction, locks its rows first and re-checks, and every transfer id is derived from what
// it is for, so a second runner finds the work done instead of doing it twice.

/** Voids the holds of vouchers past their expiry: the points return to the riders. */
export async function expireVouchers(ctx: PointsContext, input: { batch?: number } = {}): Promise<number> {
  const batch = input.batch ?? 500;
  const now = ctx.now();
  const due = await ctx.db
    .select({ id: vouchers.id })
    .from(vouchers)
    .where(and(eq(vouchers.status, 'issued'), lte(vouchers.expiresAt, now)))
    .limit(batch);
  let done = 0;
  for (const { id } of due) {
    const expired = await ctx.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const voucher = await lockVoucher(tx, { id });
      if (!voucher || voucher.status !== 'issued' || voucher.expiresAt.getTime() > now.getTime()) return false;
      await resolveVoucher(tx, voucher, 'expired', null, now);
      return true;
    });
    if (expired) done++;
  }
  return done;
}

/** Riders holding credits whose expiry has come (or comes before `until`). */
async function ridersWithLotsBefore(db: Db, until: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: pointAccounts.userId })
    .from(pointTransfers)
    .innerJoin(pointAccounts, eq(pointAccounts.id, pointTransfers.creditAccountId))
    .where(
      and(eq(pointAccounts.kind, 'rider'), isNotNull(pointTransfers.expiresAt), lte(pointTransfers.expiresAt, until)),
    );
  return rows.map((r) => r.userId!).filter(Boolean);
}

/**
 * Expires points a configured time after they were earned, oldest first: moves the unspent part
 * of every lot past its date from the rider to the expired account. The transfer id derives
 * from the rider and the running total of lots due, so a rerun at the same state is a no-op.
 */
export async function expirePoints(ctx: PointsContext): Promise<{ riders: number; points: number }> {
  const now = ctx.now();
  let riders = 0;
  let points = 0;
  for (const userId of await ridersWithLotsBefore(ctx.db, now)) {
    const amount = await ctx.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const account = await lockRiderAccount(tx, userId);
      const due = await expiringBy(tx, account, now);
      if (due.amount <= 0) return 0;
      const [dueTotal] = await tx
        .select({ total: sql<number>`coalesce(sum(${pointTransfers.amount}), 0)::bigint` })
        .from(pointTransfers)
        .where(
          and(
            eq(pointTransfers.creditAccountId, account.id),
            isNotNull(pointTransfers.expiresAt),
            lte(pointTransfers.expiresAt, now),
          ),
        );
      const { created } = await createTransfer(tx, {
        id: derivedId('expiry', account.id, String(dueTotal?.total ?? 0), String(account.debitsPosted)),
        debitAccountId: account.id,
        creditAccountId: SYSTEM_ACCOUNTS.expired,
        amount: due.amount,
        kind: 'single',
        reason: 'points_expired',
        sourceType: 'expiry',
        sourceId: beijingDate(now),
        createdAt: now,
      });
      return created ? due.amount : 0;
    });
    if (amount > 0) {
      riders++;
      points += amount;
    }
  }
  return { riders, points };
}

/**
 * Tells riders in advance (an inbox notice) about points that expire within the notice window.
 * One notice per rider and earliest expiry date (the dedupe key makes reruns and a second replica
 * send nothing new), and none while an earlier announced date is still ahead: that notice already
 * said "将于 X 起陆续过期" (from X on, gradually), so spending the first lot or earning every day
 * does not make a new notice every day.
 */
export async function noticeExpiringPoints(ctx: PointsContext): Promise<number> {
  const now = ctx.now();
  const until = addDays(now, ctx.config.expiryNoticeDays);
  const today = beijingDate(now);
  let sent = 0;
  for (const userId of await ridersWithLotsBefore(ctx.db, until)) {
    const [account] = await ctx.db.select().from(pointAccounts).where(eq(pointAccounts.userId, userId));
    if (!account) continue;
    const soon = await expiringBy(ctx.db, account, until);
    if (soon.amount <= 0 || !soon.earliest) continue;
    const date = beijingDate(soon.earliest);
    const [pending] = await ctx.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, userId),
          eq(notifications.kind, 'points_expiring'),
          // Keys are "points_expiring:YYYY-MM-DD": a string order that is the date order.
          gte(notifications.dedupeKey, `points_expiring:${today}`),
          lt(notifications.dedupeKey, `points_expiring:${date}`),
        ),
      )
      .limit(1);
    if (pending) continue;
    const created = await noticeOnce(ctx.db, {
      userId,
      kind: 'points_expiring' satisfies PointNoticeKind,
      dedupeKey: `points_expiring:${date}`,
      title: '积分即将过期',
      body: `你有 ${soon.amount} 积分将于 ${date} 起陆续过期，记得去兑换理发、洗衣等服务。`,
      createdAt: now,
    });
    if (created) sent++;
  }
  return sent;
}

/**
 * Tells a rider, once per voucher, that an unused voucher expires within the notice window
 * (VOUCHER_EXPIRY_NOTICE_HOURS). Vouchers already told are filtered out in SQL, so each pass
 * moves on to new ones; the dedupe key makes a concurrent pass harmless.
 */
export async function noticeExpiringVouchers(ctx: PointsContext, input: { batch?: number } = {}): Promise<number> {
  const batch = input.batch ?? 500;
  const now = ctx.now();
  const until = new Date(now.getTime() + ctx.config.voucherExpiryNoticeHours * 3600_000);
  const due = await ctx.db
    .select({
      id: vouchers.id,
      riderId: vouchers.riderId,
      expiresAt: vouchers.expiresAt,
      points: vouchers.points,
      rewardTitle: rewards.title,
      merchantName: merchants.name,
    })
    .from(vouchers)
    .innerJoin(rewards, eq(rewards.id, vouchers.rewardId))
    .innerJoin(merchants, eq(merchants.id, vouchers.merchantId))
    .where(
      and(
        eq(vouchers.status, 'issued'),
        gt(vouchers.expiresAt, now),
        lte(vouchers.expiresAt, until),
        sql`not exists (select 1 from ${notifications} n where n.user_id = ${vouchers.riderId}
              and n.dedupe_key = 'voucher_expiring:' || ${vouchers.id}::text)`,
      ),
    )
    .orderBy(vouchers.expiresAt)
    .limit(batch);
  let sent = 0;
  for (const v of due) {
    const created = await noticeOnce(ctx.db, {
      userId: v.riderId,
      kind: 'voucher_expiring' satisfies PointNoticeKind,
      dedupeKey: `voucher_expiring:${v.id}`,
      title: '兑换券即将过期',
      body: `你兑换的「${v.rewardTitle}」（${v.merchantName}）将于 ${beijingDateTime(v.expiresAt)} 过期，请尽快到店使用；过期未用，${v.points} 积分会自动退回。`,
      createdAt: now,
    });
    if (created) sent++;
  }
  return sent;
}

/** Voids expired vouchers, then tells riders about the ones expiring soon. */
export async function runVoucherJobs(ctx: PointsContext) {
  const vouchersExpired = await expireVouchers(ctx);
  const voucherNotices = await noticeExpiringVouchers(ctx);
  return { vouchersExpired, voucherNotices };
}

/** Expires points past their date, then tells riders about the ones expiring soon. */
export async function runPointsExpiryJobs(ctx: PointsContext) {
  const expired = await expirePoints(ctx);
  const pointNotices = await noticeExpiringPoints(ctx);
  return { pointsExpired: expired.points, ridersExpired: expired.riders, pointNotices };
}

/** One pass of every points job, in the order that keeps balances right (vouchers first). */
export async function runPointsJobs(ctx: PointsContext) {
  const vouchersResult = await runVoucherJobs(ctx);
  const pointsResult = await runPointsExpiryJobs(ctx);
  return {
    ...vouchersResult,
    ...pointsResult,
    notices: vouchersResult.voucherNotices + pointsResult.pointNotices,
  };
}
