import type { RedeemBody, Voucher } from '@nuanxin/shared/points/schemas';
import { preparedStatement, toDate } from '../db/prepared.js';
import type { rewards } from '../db/schema/index.js';
import type { Acting } from '../auth/index.js';
import { conflict, notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { derivedId } from './ids.js';
import { isOverdraft, pgErrorOf } from './ledger.js';
import { beijingDate, periodStart, type Period } from './periods.js';
import { shortCode, shortCodeHash } from './voucher-codes.js';
import { loadRiderVoucher, toRiderVoucher } from './voucher-views.js';

export type RewardRow = typeof rewards.$inferSelect;

/** Whether a reward can be redeemed at `now` (the catalog; points_redeem checks the same in SQL). */
export const rewardOpen = (reward: RewardRow, now: Date) =>
  reward.active &&
  (!reward.validFrom || reward.validFrom.getTime() <= now.getTime()) &&
  (!reward.validUntil || reward.validUntil.getTime() > now.getTime());

/** The stock row key of the period `now` falls in. */
export const stockPeriodOf = (reward: RewardRow, now: Date) => beijingDate(periodStart(reward.period as Period, now));

interface RedeemRow {
  outcome:
    | 'CREATED'
    | 'REPEAT'
    | 'IDEMPOTENCY_KEY_REUSED'
    | 'NOT_FOUND'
    | 'REWARD_UNAVAILABLE'
    | 'POINTS_INSUFFICIENT'
    | 'REWARD_MONTHLY_LIMIT'
    | 'REWARD_OUT_OF_STOCK';
  reward_title: string | null;
  merchant_id: string | null;
  merchant_name: string | null;
  merchant_address: string | null;
  points: number | null;
  expires_at: string | Date | null;
}

// The SQL function points_redeem (sql/points_redeem.sql) holds the rules; it runs as its own statement.
export const redeemStatement = preparedStatement<RedeemRow>(
  'points_redeem',
  'SELECT * FROM points_redeem($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
);

/**
 * Redeem, phase one: hold the reward's price on the rider's account (a pending transfer), take
 * one unit of this period's stock and issue a one-time voucher — in one statement, the function
 * points_redeem, which commits as soon as it ends, so the rows all redeems share are locked for
 * the shortest time (sql/points_redeem.sql says how each rule stays exact under concurrency).
 * Idempotent: the voucher id derives from (rider, idempotencyKey); a repeat returns it unchanged.
 */
export async function redeem(
  ctx: Acting<PointsContext>,
  input: RedeemBody,
): Promise<{ voucher: Voucher; created: boolean }> {
  const { actor: rider } = ctx;
  const now = ctx.now();
  const voucherId = derivedId('voucher', rider.userId, input.idempotencyKey);
  let row: RedeemRow | undefined;
  try {
    [row] = await redeemStatement(ctx.db, [
      rider.userId,
      input.rewardId,
      voucherId,
      input.idempotencyKey,
      derivedId('hold', voucherId),
      shortCodeHash(shortCode(ctx.config, voucherId)),
      now.toISOString(),
      periodStart('month', now).toISOString(),
      beijingDate(periodStart('day', now)),
      beijingDate(periodStart('week', now)),
      beijingDate(periodStart('month', now)),
    ]);
  } catch (err) {
    if (isOverdraft(err)) throw conflict('POINTS_INSUFFICIENT');
    if (pgErrorOf(err)?.constraint === 'reward_out_of_stock') throw conflict('REWARD_OUT_OF_STOCK');
    throw err;
  }
  if (!row) throw new Error('points_redeem returned no row');
  switch (row.outcome) {
    case 'CREATED':
      // The answer is built from what the statement wrote: no read after the commit.
      return {
        voucher: toRiderVoucher(
          ctx,
          {
            id: voucherId,
            riderId: rider.userId,
            merchantId: row.merchant_id!,
            status: 'issued',
            points: Number(row.points),
            expiresAt: toDate(row.expires_at!),
            createdAt: now,
            resolvedAt: null,
            rewardTitle: row.reward_title!,
            merchantName: row.merchant_name!,
            merchantAddress: row.merchant_address!,
            riderName: '',
          },
          false,
        ),
        created: true,
      };
    case 'REPEAT':
      return { voucher: await loadRiderVoucher(ctx, rider.userId, voucherId, false), created: false };
    case 'NOT_FOUND':
      throw notFound('NOT_FOUND', '没有这个奖励');
    default:
      throw conflict(row.outcome);
  }
}
