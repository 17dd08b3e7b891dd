import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { rewardStock, vouchers } from '../db/schema/index.js';
import { AppError, conflict } from '../platform/app-error.js';
import { derivedId } from './ids.js';
import { createTransfer, lockRiderAccount, SYSTEM_ACCOUNTS } from './ledger.js';

export type VoucherRecord = typeof vouchers.$inferSelect;
export type Outcome = 'used' | 'cancelled' | 'expired';

/** Locks a voucher row; the first lock of every resolution (voucher → rider → stock → system). */
export async function lockVoucher(
  tx: Db,
  where: { id: string } | { shortCodeHash: string },
): Promise<VoucherRecord | null> {
  const condition = 'id' in where ? eq(vouchers.id, where.id) : eq(vouchers.shortCodeHash, where.shortCodeHash);
  const [row] = await tx.select().from(vouchers).where(condition).for('update');
  return row ?? null;
}

/** Refuses a voucher that is no longer open, with the code that says why. */
export function assertOpen(voucher: VoucherRecord): void {
  if (voucher.status === 'used') throw conflict('VOUCHER_USED');
  if (voucher.status === 'cancelled') throw conflict('VOUCHER_CANCELLED');
  if (voucher.status === 'expired') throw new AppError(410, 'VOUCHER_EXPIRED');
}

/**
 * Redeem, phase two: post the hold (used) or void it (cancelled, expired: the points return and
 * the unit goes back to its period's stock). Exactly once: the voucher row is locked and must be
 * issued, and the database's unique index on pending_id refuses a second post or void anyway.
 */
export async function resolveVoucher(
  tx: Db,
  voucher: VoucherRecord,
  outcome: Outcome,
  by: string | null,
  now: Date,
): Promise<void> {
  if (voucher.status !== 'issued') assertOpen(voucher);
  const account = await lockRiderAccount(tx, voucher.riderId);
  const post = outcome === 'used';
  // Stock before the transfer: the same lock order as redeem (rider → stock → system account).
  if (!post) {
    await tx
      .update(rewardStock)
      .set({ remaining: sql`${rewardStock.remaining} + 1` })
      .where(and(eq(rewardStock.rewardId, voucher.rewardId), eq(rewardStock.periodStart, voucher.stockPeriod)));
  }
  const reason = post ? 'voucher_used' : outcome === 'cancelled' ? 'voucher_cancelled' : 'voucher_expired';
  const { transfer } = await createTransfer(tx, {
    id: derivedId(post ? 'post' : 'void', voucher.holdTransferId),
    debitAccountId: account.id,
    creditAccountId: SYSTEM_ACCOUNTS.redeemed,
    amount: voucher.points,
    kind: post ? 'post_pending' : 'void_pending',
    pendingId: voucher.holdTransferId,
    reason,
    sourceType: 'voucher',
    sourceId: voucher.id,
    createdBy: by,
    createdAt: now,
  });
  await tx
    .update(vouchers)
    .set({ status: outcome, resolvedAt: now, resolvedBy: by, resolutionTransferId: transfer.id })
    .where(and(eq(vouchers.id, voucher.id), eq(vouchers.status, 'issued')));
}
