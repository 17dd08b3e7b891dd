import type { Voucher } from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import type { Acting } from '../auth/index.js';
import { AppError, notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { assertOpen, lockVoucher, resolveVoucher } from './resolve-voucher.js';
import { loadRiderVoucher } from './voucher-views.js';

/** The rider gives a voucher back: the hold is voided and the points return at once. */
export async function cancelVoucher(ctx: Acting<PointsContext>, input: { id: string }): Promise<Voucher> {
  const { actor: rider } = ctx;
  const voucherId = input.id;
  const now = ctx.now();
  const expired = await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const voucher = await lockVoucher(tx, { id: voucherId });
    // Someone else's voucher is "not found": its existence is not the caller's business.
    if (!voucher || voucher.riderId !== rider.userId) throw notFound();
    assertOpen(voucher);
    const late = voucher.expiresAt.getTime() <= now.getTime();
    await resolveVoucher(tx, voucher, late ? 'expired' : 'cancelled', rider.userId, now);
    return late;
  });
  if (expired) throw new AppError(410, 'VOUCHER_EXPIRED');
  return loadRiderVoucher(ctx, rider.userId, voucherId);
}
