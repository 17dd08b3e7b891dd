import type { MerchantVoucher, VoucherCodeBody } from '@nuanxin/shared/points/schemas';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { vouchers } from '../db/schema/index.js';
import { inScope, type Acting, type Principal } from '../auth/index.js';
import { AppError, forbidden, notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { assertOpen, lockVoucher, resolveVoucher, type VoucherRecord } from './resolve-voucher.js';
import { issuedShortCode, parseVoucherCode } from './voucher-codes.js';
import { toMerchantVoucher, voucherQuery } from './voucher-views.js';

/** The voucher a scanned or typed code names; forged and unknown codes are the same 404. */
function codeOf(ctx: PointsContext, code: string): { id: string } | { shortCodeHash: string } {
  const parsed = parseVoucherCode(ctx.config, code);
  if (!parsed) throw notFound('VOUCHER_INVALID');
  return parsed.kind === 'qr' ? { id: parsed.voucherId } : { shortCodeHash: parsed.hash };
}

/**
 * A voucher whose signing key was removed from VOUCHER_SIGNING_KEYS is retired: its QR no longer
 * verifies, and its short code (found by hash) must not work either.
 */
function assertKeyListed(ctx: PointsContext, voucher: Pick<VoucherRecord, 'id' | 'shortCodeHash'>): void {
  if (!issuedShortCode(ctx.config, voucher.id, voucher.shortCodeHash)) throw notFound('VOUCHER_INVALID');
}

/** A merchant sees and confirms only its own shop's vouchers. */
function assertOwnShop(merchant: Principal, voucher: Pick<VoucherRecord, 'merchantId'>): void {
  if (!inScope(merchant, { merchantId: voucher.merchantId })) throw forbidden('VOUCHER_OTHER_MERCHANT');
}

/** What a scan shows before confirming: what the voucher is for and whether it is valid. Reads only. */
export async function lookupVoucher(ctx: Acting<PointsContext>, input: VoucherCodeBody): Promise<MerchantVoucher> {
  const where = codeOf(ctx, input.code);
  const condition = 'id' in where ? eq(vouchers.id, where.id) : eq(vouchers.shortCodeHash, where.shortCodeHash);
  const [row] = await voucherQuery(ctx.db).where(condition);
  if (!row) throw notFound('VOUCHER_INVALID');
  assertKeyListed(ctx, { id: row.id, shortCodeHash: row.shortCodeHash });
  assertOwnShop(ctx.actor, row);
  return toMerchantVoucher(row, ctx.now());
}

/**
 * The merchant confirms: the hold posts and the voucher is used. A voucher found past its expiry
 * is voided right here (points back to the rider) and refused with VOUCHER_EXPIRED.
 */
export async function confirmVoucher(ctx: Acting<PointsContext>, input: VoucherCodeBody): Promise<MerchantVoucher> {
  const { actor: merchant } = ctx;
  const where = codeOf(ctx, input.code);
  const now = ctx.now();
  const outcome = await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const voucher = await lockVoucher(tx, where);
    if (!voucher) throw notFound('VOUCHER_INVALID');
    assertKeyListed(ctx, voucher);
    assertOwnShop(merchant, voucher);
    assertOpen(voucher);
    if (voucher.expiresAt.getTime() <= now.getTime()) {
      await resolveVoucher(tx, voucher, 'expired', null, now);
      return { expired: true, id: voucher.id };
    }
    await resolveVoucher(tx, voucher, 'used', merchant.userId, now);
    return { expired: false, id: voucher.id };
  });
  // Thrown after commit: the void of an expired voucher must stick.
  if (outcome.expired) throw new AppError(410, 'VOUCHER_EXPIRED');
  const [row] = await voucherQuery(ctx.db).where(eq(vouchers.id, outcome.id));
  return toMerchantVoucher(row!, now);
}
