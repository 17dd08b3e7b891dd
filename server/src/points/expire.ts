import { and, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pointAccounts, pointNotices, pointTransfers, vouchers } from '../db/schema/index.js';
import type { PointsContext } from './context.js';
import { derivedId } from './ids.js';
import { createTransfer, expiringBy, lockRiderAccount, SYSTEM_ACCOUNTS } from './ledger.js';
import { addDays, beijingDate } from './periods.js';
import { lockVoucher, resolveVoucher } from './resolve-voucher.js';

// Jobs, safe to run from any number of processes at once: each unit of work is its own
// transaction, locks its rows first and re-checks, and every transfer id is derived from what
// it is for, so a second runner finds the work done instead of doing it twice.

/** Voids the holds of vouchers past their expiry: the points return to the riders. */
export async function expireVouchers(ctx: PointsContext, batch = 500): Promise<number> {
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
 * Tells riders in advance (in-app notice) about points that expire within the notice window.
 * One notice per rider and earliest expiry date: the dedupe key makes reruns send nothing new.
 */
export async function noticeExpiringPoints(ctx: PointsContext): Promise<number> {
  const now = ctx.now();
  const until = addDays(now, ctx.config.expiryNoticeDays);
  let sent = 0;
  for (const userId of await ridersWithLotsBefore(ctx.db, until)) {
    const [account] = await ctx.db.select().from(pointAccounts).where(eq(pointAccounts.userId, userId));
    if (!account) continue;
    const soon = await expiringBy(ctx.db, account, until);
    if (soon.amount <= 0 || !soon.earliest) continue;
    const date = beijingDate(soon.earliest);
    const rows = await ctx.db
      .insert(pointNotices)
      .values({
        userId,
        kind: 'points_expiring',
        dedupeKey: `points_expiring:${date}`,
        title: '积分即将过期',
        body: `你有 ${soon.amount} 积分将于 ${date} 起陆续过期，记得去兑换理发、洗衣等服务。`,
        amount: soon.amount,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: pointNotices.id });
    sent += rows.length;
  }
  return sent;
}

/** One pass of every points job, in the order that keeps balances right. */
export async function runPointsJobs(ctx: PointsContext) {
  const vouchersExpired = await expireVouchers(ctx);
  const expired = await expirePoints(ctx);
  const notices = await noticeExpiringPoints(ctx);
  return { vouchersExpired, pointsExpired: expired.points, ridersExpired: expired.riders, notices };
}
