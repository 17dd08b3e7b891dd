import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { RedeemBody, Voucher } from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import { rewards, rewardStock, vouchers } from '../db/schema/index.js';
import type { Principal } from '../auth/principal.js';
import { conflict, notFound } from '../errors/app-error.js';
import type { PointsContext } from './context.js';
import { derivedId } from './ids.js';
import { available, createTransfer, isOverdraft, lockRiderAccount, SYSTEM_ACCOUNTS } from './ledger.js';
import { addDays, beijingDate, periodStart, type Period } from './periods.js';
import { shortCode, shortCodeHash } from './voucher-codes.js';
import { loadRiderVoucher } from './voucher-views.js';

export type RewardRow = typeof rewards.$inferSelect;

export const rewardOpen = (reward: RewardRow, now: Date) =>
  reward.active &&
  (!reward.validFrom || reward.validFrom.getTime() <= now.getTime()) &&
  (!reward.validUntil || reward.validUntil.getTime() > now.getTime());

/** The stock row key of the period `now` falls in. */
export const stockPeriodOf = (reward: RewardRow, now: Date) => beijingDate(periodStart(reward.period as Period, now));

/**
 * Redeem, phase one: hold the reward's price on the rider's account (a pending transfer), take
 * one unit of this period's stock and issue a one-time voucher. Exact under concurrency:
 * - the rider's account row is locked first, so one rider's redeems run one at a time (balance,
 *   monthly limit);
 * - stock is a single conditional UPDATE (`remaining > 0`), CHECKed ≥ 0;
 * - the hold itself is refused by the database if it would overdraw the rider.
 * Idempotent: the voucher id derives from (rider, idempotencyKey); a repeat returns it unchanged.
 */
export async function redeem(ctx: PointsContext, rider: Principal, input: RedeemBody): Promise<{ voucher: Voucher; created: boolean }> {
  const now = ctx.now();
  const voucherId = derivedId('voucher', rider.userId, input.idempotencyKey);
  try {
    const created = await ctx.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const account = await lockRiderAccount(tx, rider.userId);
      const [repeat] = await tx.select({ rewardId: vouchers.rewardId }).from(vouchers).where(eq(vouchers.id, voucherId));
      if (repeat) {
        if (repeat.rewardId !== input.rewardId) throw conflict('IDEMPOTENCY_KEY_REUSED');
        return false;
      }
      const [reward] = await tx.select().from(rewards).where(eq(rewards.id, input.rewardId));
      if (!reward) throw notFound('NOT_FOUND', '没有这个奖励');
      if (!rewardOpen(reward, now)) throw conflict('REWARD_UNAVAILABLE');
      // Checked here for a clear answer; the CHECK on the account is what makes it exact.
      if (available(account) < reward.pricePoints) throw conflict('POINTS_INSUFFICIENT');
      if (reward.perRiderMonthlyLimit != null) {
        const [row] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(vouchers)
          .where(
            and(
              eq(vouchers.riderId, rider.userId),
              eq(vouchers.rewardId, reward.id),
              inArray(vouchers.status, ['issued', 'used']),
              gte(vouchers.createdAt, periodStart('month', now)),
            ),
          );
        if (Number(row?.n ?? 0) >= reward.perRiderMonthlyLimit) throw conflict('REWARD_MONTHLY_LIMIT');
      }
      const holdId = derivedId('hold', voucherId);
      await createTransfer(tx, {
        id: holdId,
        debitAccountId: account.id,
        creditAccountId: SYSTEM_ACCOUNTS.redeemed,
        amount: reward.pricePoints,
        kind: 'pending',
        reason: 'voucher_hold',
        sourceType: 'voucher',
        sourceId: voucherId,
        createdAt: now,
      });
      const stockPeriod = stockPeriodOf(reward, now);
      await tx.insert(vouchers).values({
        id: voucherId,
        riderId: rider.userId,
        rewardId: reward.id,
        merchantId: reward.merchantId,
        idempotencyKey: input.idempotencyKey,
        points: reward.pricePoints,
        holdTransferId: holdId,
        shortCodeHash: shortCodeHash(shortCode(ctx.config, voucherId)),
        stockPeriod,
        expiresAt: addDays(now, reward.voucherValidDays),
        createdAt: now,
      });
      // Last: the stock row is shared by every rider, so it is locked for the shortest time.
      if (!(await takeStock(tx, reward, stockPeriod))) throw conflict('REWARD_OUT_OF_STOCK');
      return true;
    });
    return { voucher: await loadRiderVoucher(ctx, rider.userId, voucherId, false), created };
  } catch (err) {
    if (isOverdraft(err)) throw conflict('POINTS_INSUFFICIENT');
    throw err;
  }
}

/** Takes one unit of the period's stock; false when none is left. One statement, exact. */
async function takeStock(tx: Db, reward: RewardRow, period: string): Promise<boolean> {
  if (reward.stockPerPeriod <= 0) return false;
  const rows = await tx
    .insert(rewardStock)
    .values({ rewardId: reward.id, periodStart: period, total: reward.stockPerPeriod, remaining: reward.stockPerPeriod - 1 })
    .onConflictDoUpdate({
      target: [rewardStock.rewardId, rewardStock.periodStart],
      set: { remaining: sql`${rewardStock.remaining} - 1` },
      setWhere: sql`${rewardStock.remaining} > 0`,
    })
    .returning({ remaining: rewardStock.remaining });
  return rows.length === 1;
}
