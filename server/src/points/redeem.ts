import { and, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { RedeemBody, Voucher } from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import { merchants, rewards, vouchers } from '../db/schema/index.js';
import type { Principal } from '../auth/principal.js';
import { conflict, notFound } from '../errors/app-error.js';
import type { PointsContext } from './context.js';
import { derivedId } from './ids.js';
import { available, createTransferWhen, isOverdraft, lockRiderAccount, SYSTEM_ACCOUNTS } from './ledger.js';
import { addDays, beijingDate, periodStart, type Period } from './periods.js';
import { shortCode, shortCodeHash } from './voucher-codes.js';
import { loadRiderVoucher, toRiderVoucher } from './voucher-views.js';

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
 * - stock is a single conditional upsert (`remaining > 0`), CHECKed ≥ 0, in the same statement as the hold;
 * - the hold itself is refused by the database if it would overdraw the rider.
 * Idempotent: the voucher id derives from (rider, idempotencyKey); a repeat returns it unchanged.
 */
export async function redeem(
  ctx: PointsContext,
  rider: Principal,
  input: RedeemBody,
): Promise<{ voucher: Voucher; created: boolean }> {
  const now = ctx.now();
  const voucherId = derivedId('voucher', rider.userId, input.idempotencyKey);
  try {
    const created = await ctx.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const account = await lockRiderAccount(tx, rider.userId);
      const [repeat] = await tx
        .select({ rewardId: vouchers.rewardId })
        .from(vouchers)
        .where(eq(vouchers.id, voucherId));
      if (repeat) {
        if (repeat.rewardId !== input.rewardId) throw conflict('IDEMPOTENCY_KEY_REUSED');
        return null;
      }
      const [found] = await tx
        .select({ reward: rewards, merchantName: merchants.name, merchantAddress: merchants.address })
        .from(rewards)
        .innerJoin(merchants, eq(merchants.id, rewards.merchantId))
        .where(eq(rewards.id, input.rewardId));
      if (!found) throw notFound('NOT_FOUND', '没有这个奖励');
      const { reward } = found;
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
      const stockPeriod = stockPeriodOf(reward, now);
      // The voucher first (its FK to the hold is checked at commit): the statement after it locks
      // the rows every redeem shares — this period's stock and the redeemed account — and is the
      // last one, so they are held only until the commit.
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
      if (reward.stockPerPeriod <= 0) throw conflict('REWARD_OUT_OF_STOCK');
      const held = await createTransferWhen(
        tx,
        {
          id: holdId,
          debitAccountId: account.id,
          creditAccountId: SYSTEM_ACCOUNTS.redeemed,
          amount: reward.pricePoints,
          kind: 'pending',
          reason: 'voucher_hold',
          sourceType: 'voucher',
          sourceId: voucherId,
          createdAt: now,
        },
        takeStock(reward, stockPeriod),
      );
      if (!held) throw conflict('REWARD_OUT_OF_STOCK');
      // The answer is built from what this transaction wrote: no read after the commit.
      return toRiderVoucher(
        ctx,
        {
          id: voucherId,
          riderId: rider.userId,
          merchantId: reward.merchantId,
          status: 'issued',
          points: reward.pricePoints,
          expiresAt: addDays(now, reward.voucherValidDays),
          createdAt: now,
          resolvedAt: null,
          rewardTitle: reward.title,
          merchantName: found.merchantName,
          merchantAddress: found.merchantAddress,
          riderName: '',
        },
        false,
      );
    });
    if (created) return { voucher: created, created: true };
    return { voucher: await loadRiderVoucher(ctx, rider.userId, voucherId, false), created: false };
  } catch (err) {
    if (isOverdraft(err)) throw conflict('POINTS_INSUFFICIENT');
    throw err;
  }
}

/** Takes one unit of the period's stock, returning a row only if one was left. Exact: one conditional upsert. */
function takeStock(reward: RewardRow, period: string): SQL {
  return sql`INSERT INTO reward_stock (reward_id, period_start, total, remaining)
    VALUES (${reward.id}::uuid, ${period}::date, ${reward.stockPerPeriod}, ${reward.stockPerPeriod - 1})
    ON CONFLICT (reward_id, period_start) DO UPDATE SET remaining = reward_stock.remaining - 1
    WHERE reward_stock.remaining > 0
    RETURNING remaining`;
}
