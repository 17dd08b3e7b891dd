import { eq } from 'drizzle-orm';
import { VOUCHER_STATUS_LABELS, type VoucherStatus, type VoucherValidity } from '@nuanxin/shared/points/constants';
import type { MerchantVoucher, Voucher } from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import { merchants, rewards, users, vouchers } from '../db/schema/index.js';
import { notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { qrPngDataUrl } from './qr-png.js';
import { maskName } from './redemptions.js';
import { formatShortCode, issuedShortCode, qrPayload, shortCode } from './voucher-codes.js';

export const voucherColumns = {
  id: vouchers.id,
  riderId: vouchers.riderId,
  merchantId: vouchers.merchantId,
  status: vouchers.status,
  points: vouchers.points,
  expiresAt: vouchers.expiresAt,
  createdAt: vouchers.createdAt,
  resolvedAt: vouchers.resolvedAt,
  shortCodeHash: vouchers.shortCodeHash,
  rewardTitle: rewards.title,
  merchantName: merchants.name,
  merchantAddress: merchants.address,
  riderName: users.displayName,
};

export type VoucherRow = {
  id: string;
  riderId: string;
  merchantId: string;
  status: string;
  points: number;
  expiresAt: Date;
  createdAt: Date;
  resolvedAt: Date | null;
  /** Absent only for a voucher this request just issued (with the current key). */
  shortCodeHash?: string;
  rewardTitle: string;
  merchantName: string;
  merchantAddress: string;
  riderName: string;
};

export const voucherQuery = (db: Db) =>
  db
    .select(voucherColumns)
    .from(vouchers)
    .innerJoin(rewards, eq(rewards.id, vouchers.rewardId))
    .innerJoin(merchants, eq(merchants.id, vouchers.merchantId))
    .innerJoin(users, eq(users.id, vouchers.riderId));

/** An issued voucher past its expiry reads as expired even before the job has voided its hold. */
export function effectiveStatus(row: Pick<VoucherRow, 'status' | 'expiresAt'>, now: Date): VoucherStatus {
  if (row.status === 'issued' && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return row.status as VoucherStatus;
}

/**
 * `withImage`: the QR PNG costs a few ms of CPU, so the redeem answer (a hot path) leaves it out
 * and the voucher list, which the rider opens to show the code, renders it.
 */
export function toRiderVoucher(ctx: PointsContext, row: VoucherRow, withImage = true): Voucher {
  const status = effectiveStatus(row, ctx.now());
  // The code it was issued with, whichever listed key made it; none once that key is retired.
  const code =
    status !== 'issued'
      ? null
      : row.shortCodeHash
        ? issuedShortCode(ctx.config, row.id, row.shortCodeHash)
        : shortCode(ctx.config, row.id);
  const payload = code ? qrPayload(ctx.config, row.id) : null;
  return {
    id: row.id,
    status,
    statusLabel: VOUCHER_STATUS_LABELS[status],
    rewardTitle: row.rewardTitle,
    merchantName: row.merchantName,
    merchantAddress: row.merchantAddress,
    points: row.points,
    shortCode: code ? formatShortCode(code) : null,
    qrPayload: payload,
    qrImage: payload && withImage ? qrPngDataUrl(payload) : null,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}

export async function loadRiderVoucher(
  ctx: PointsContext,
  riderId: string,
  voucherId: string,
  withImage = true,
): Promise<Voucher> {
  const [row] = await voucherQuery(ctx.db).where(eq(vouchers.id, voucherId));
  if (!row || row.riderId !== riderId) throw notFound();
  return toRiderVoucher(ctx, row, withImage);
}

const VALIDITY_LABELS: Record<VoucherValidity, string> = {
  valid: '有效，可以核销',
  used: '已核销过，不能再用',
  cancelled: '骑手已取消',
  expired: '已过期',
};

export function toMerchantVoucher(row: VoucherRow, now: Date): MerchantVoucher {
  const status = effectiveStatus(row, now);
  const validity: VoucherValidity = status === 'issued' ? 'valid' : status;
  return {
    id: row.id,
    rewardTitle: row.rewardTitle,
    points: row.points,
    // The counter recognises a regular by 王**; it never needs the full name.
    riderName: maskName(row.riderName),
    status,
    validity,
    validityLabel: VALIDITY_LABELS[validity],
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}
