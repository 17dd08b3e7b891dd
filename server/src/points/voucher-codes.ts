import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH } from '@nuanxin/shared/points/constants';
import type { PointsConfig } from '../platform/config.js';

// A voucher carries two codes, both derived from its id with a signing key, so the database
// holds neither (only the short code's hash, for lookup):
// - the QR payload `NX1.<keyId>.<voucherId>.<signature>`: forging one needs the key;
// - an 8-character short code for typing at a counter (31^8 ≈ 8.5·10^11 values; lookups are
//   merchant-only and rate-limited).
// Keys rotate the way gate codes do (config `voucherKeys`): the current key signs, every listed
// key verifies, so vouchers issued before a rotation stay valid until their key is removed.

const PREFIX = 'NX1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const mac = (key: string, data: string) => createHmac('sha256', key).update(data).digest();
/** A listed key by id (own properties only: a key id such as "constructor" names nothing). */
const keyOf = (config: PointsConfig, id: string) =>
  Object.hasOwn(config.voucherKeys, id) ? config.voucherKeys[id] : undefined;

function signedPayload(key: string, keyId: string, voucherId: string): string {
  const signature = mac(key, `qr:${keyId}:${voucherId}`).subarray(0, 16).toString('base64url');
  return `${PREFIX}.${keyId}.${voucherId}.${signature}`;
}

/** The QR payload, signed with the current key. */
export function qrPayload(config: PointsConfig, voucherId: string): string {
  return signedPayload(config.voucherKeys[config.voucherKeyId]!, config.voucherKeyId, voucherId);
}

function shortCodeWith(key: string, voucherId: string): string {
  const bytes = mac(key, `short:${voucherId}`);
  let code = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) code += SHORT_CODE_ALPHABET[bytes[i]! % SHORT_CODE_ALPHABET.length];
  return code;
}

/** The short code of a new voucher (current key); its hash is what the voucher row stores. */
export function shortCode(config: PointsConfig, voucherId: string): string {
  return shortCodeWith(config.voucherKeys[config.voucherKeyId]!, voucherId);
}

export const shortCodeHash = (code: string) => createHash('sha256').update(`voucher-short:${code}`).digest('hex');

/**
 * The short code a voucher was issued with: derived by whichever listed key matches the stored
 * hash (the current key first), so a rotation never changes a code the rider already has. Null
 * when its key was removed: the voucher can no longer be typed in.
 */
export function issuedShortCode(config: PointsConfig, voucherId: string, storedHash: string): string | null {
  const ids = [config.voucherKeyId, ...Object.keys(config.voucherKeys).filter((id) => id !== config.voucherKeyId)];
  for (const id of ids) {
    const code = shortCodeWith(config.voucherKeys[id]!, voucherId);
    if (shortCodeHash(code) === storedHash) return code;
  }
  return null;
}

/** Shown as "ABCD EFGH" so it is read in two breaths. */
export const formatShortCode = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`;

export type ParsedCode = { kind: 'qr'; voucherId: string } | { kind: 'short'; hash: string };

/** What a merchant scanned or typed; null when it cannot be one of our vouchers (forged, mistyped, retired key). */
export function parseVoucherCode(config: PointsConfig, input: string): ParsedCode | null {
  const raw = input.trim();
  if (raw.startsWith(`${PREFIX}.`)) {
    const [, keyId, voucherId, signature] = raw.split('.');
    const key = keyId ? keyOf(config, keyId) : undefined;
    if (!key || !voucherId || !UUID.test(voucherId) || !signature) return null;
    const expected = Buffer.from(signedPayload(key, keyId!, voucherId));
    const given = Buffer.from(raw);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return { kind: 'qr', voucherId };
  }
  const code = raw.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== SHORT_CODE_LENGTH || [...code].some((c) => !SHORT_CODE_ALPHABET.includes(c))) return null;
  return { kind: 'short', hash: shortCodeHash(code) };
}
