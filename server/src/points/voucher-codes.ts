import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH } from '@nuanxin/shared/points/constants';
import type { PointsConfig } from '../config.js';

// A voucher carries two codes, both derived from its id with the signing key, so the database
// holds neither (only the short code's hash, for lookup):
// - the QR payload `NX1.<keyId>.<voucherId>.<signature>`: forging one needs the key;
// - an 8-character short code for typing at a counter (31^8 ≈ 8.5·10^11 values; lookups are
//   merchant-only and rate-limited).

const PREFIX = 'NX1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const mac = (key: string, data: string) => createHmac('sha256', key).update(data).digest();

export function qrPayload(config: PointsConfig, voucherId: string): string {
  const signature = mac(config.voucherSigningKey, `qr:${config.voucherKeyId}:${voucherId}`)
    .subarray(0, 16)
    .toString('base64url');
  return `${PREFIX}.${config.voucherKeyId}.${voucherId}.${signature}`;
}

export function shortCode(config: PointsConfig, voucherId: string): string {
  const bytes = mac(config.voucherSigningKey, `short:${voucherId}`);
  let code = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) code += SHORT_CODE_ALPHABET[bytes[i]! % SHORT_CODE_ALPHABET.length];
  return code;
}

export const shortCodeHash = (code: string) => createHash('sha256').update(`voucher-short:${code}`).digest('hex');

/** Shown as "ABCD EFGH" so it is read in two breaths. */
export const formatShortCode = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`;

export type ParsedCode = { kind: 'qr'; voucherId: string } | { kind: 'short'; hash: string };

/** What a merchant scanned or typed; null when it cannot be one of our vouchers (forged, mistyped). */
export function parseVoucherCode(config: PointsConfig, input: string): ParsedCode | null {
  const raw = input.trim();
  if (raw.startsWith(`${PREFIX}.`)) {
    const [, keyId, voucherId, signature] = raw.split('.');
    if (keyId !== config.voucherKeyId || !voucherId || !UUID.test(voucherId) || !signature) return null;
    const expected = Buffer.from(qrPayload(config, voucherId));
    const given = Buffer.from(raw);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return { kind: 'qr', voucherId };
  }
  const code = raw.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== SHORT_CODE_LENGTH || [...code].some((c) => !SHORT_CODE_ALPHABET.includes(c))) return null;
  return { kind: 'short', hash: shortCodeHash(code) };
}
