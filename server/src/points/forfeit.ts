import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { vouchers } from '../db/schema/index.js';
import { derivedId } from './ids.js';
import { available, createTransfer, lockRiderAccount, SYSTEM_ACCOUNTS } from './ledger.js';
import { lockVoucher, resolveVoucher } from './resolve-voucher.js';

/**
 * A rider deletes the account (privacy job, inside its one transaction): every open voucher is
 * cancelled (its hold voided, the unit back in stock), then the whole available balance moves to
 * the expired account as one `account_deleted` transfer — nothing vanishes from the ledger, the
 * sums still reconcile, and the rider's balance is 0. The transfer id derives from the account, so
 * a retry forfeits nothing twice. Lock order as everywhere: vouchers → rider → stock → system.
 */
export async function forfeitForDeletion(
  tx: Db,
  input: { userId: string; now: Date },
): Promise<{ pointsForfeited: number; vouchersCancelled: number }> {
  const cancelOpen = async () => {
    const open = await tx
      .select({ id: vouchers.id })
      .from(vouchers)
      .where(and(eq(vouchers.riderId, input.userId), eq(vouchers.status, 'issued')))
      .orderBy(vouchers.id);
    let n = 0;
    for (const { id } of open) {
      const voucher = await lockVoucher(tx, { id });
      if (!voucher || voucher.status !== 'issued') continue;
      await resolveVoucher(tx, voucher, 'cancelled', input.userId, input.now);
      n++;
    }
    return n;
  };
  let vouchersCancelled = await cancelOpen();
  let account = await lockRiderAccount(tx, input.userId);
  // A redeem that committed while the vouchers were cancelled left a new hold; the account lock
  // now keeps further redeems out, so one more round finds every open voucher.
  for (let round = 0; account.debitsPending > 0 && round < 3; round++) {
    vouchersCancelled += await cancelOpen();
    account = await lockRiderAccount(tx, input.userId);
  }
  const amount = available(account);
  if (amount > 0) {
    await createTransfer(tx, {
      id: derivedId('forfeit', account.id),
      debitAccountId: account.id,
      creditAccountId: SYSTEM_ACCOUNTS.expired,
      amount,
      kind: 'single',
      reason: 'account_deleted',
      sourceType: 'account',
      sourceId: input.userId,
      note: '骑手注销账号',
      createdBy: input.userId,
      createdAt: input.now,
    });
  }
  return { pointsForfeited: Math.max(amount, 0), vouchersCancelled };
}
