import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  randomInt,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import { GATE_NUMBER_LENGTH, RIDER_CODE_PERIOD_SECONDS } from '@nuanxin/shared/access/constants';
import type { AccessConfig } from '../platform/config.js';
import { isUuid } from '../platform/cursor.js';
import { AppError, badRequest } from '../platform/app-error.js';

// Two kinds of signed codes:
//
// Gate code (printed 暖新码): an https URL `<prefix>?g=<gate id>&v=<code version>&k=<key id>&s=<sig>`.
//   sig = first 16 bytes of HMAC-SHA256(key[k], "nx-gate|<g>|<v>"), base64url. Any QR reader decodes
//   the URL; WeChat's 扫普通链接二维码 opens the mini-program from the prefix. `k` lets keys rotate:
//   every key listed in ACCESS_GATE_KEYS verifies, only ACCESS_GATE_KEY_ID signs; removing a key
//   retires its posters. Bumping `v` (regenerate) retires one gate's posters.
//
// Rider code (我的暖新码, rotating): `NXR1.<kid>.<payload>.<sig>`, payload = base64url of
//   "<user id>|<issued at, unix s>|<nonce>", sig = Ed25519 over "NXR1.<kid>.<payload>" (ASCII).
//   A gate device verifies it offline with the public key from GET /api/v1/access/rider-code-keys:
//   check the signature, that issued-at is within RIDER_CODE_PERIOD_SECONDS (+ a few seconds of
//   clock skew) of its own clock, and remember nonces it has seen for that long.

const SIG_BYTES = 16;
const GATE_DOMAIN = 'nx-gate';
export const RIDER_CODE_SKEW_SECONDS = 5;

const b64url = (buf: Buffer) => buf.toString('base64url');

/**
 * The bytes of a base64url text, or null unless the text is their one canonical spelling: the
 * decoder ignores unused low bits and stray characters, so without this check several spellings
 * would verify as the same code.
 */
function canonicalBytes(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64url');
  return b64url(bytes) === text ? bytes : null;
}

/** A key by id from a key ring, own properties only (`constructor`, `__proto__` are not ids). */
const keyById = (ring: Record<string, string>, id: string): string | undefined =>
  Object.hasOwn(ring, id) ? ring[id] : undefined;

function gateSignature(key: string, gateId: string, version: number): Buffer {
  return createHmac('sha256', key)
    .update(`${GATE_DOMAIN}|${gateId.toLowerCase()}|${version}`)
    .digest()
    .subarray(0, SIG_BYTES);
}

export function gateCodeUrl(config: AccessConfig, gateId: string, version: number): string {
  const kid = config.gateKeyId;
  const sig = b64url(gateSignature(config.gateKeys[kid]!, gateId, version));
  return `${config.codeUrlPrefix}?g=${gateId}&v=${version}&k=${kid}&s=${sig}`;
}

/**
 * The 8 digits of a typed 门岗号 ("1234 5678", "1234-5678"), or null when the text is not one (a
 * URL, a rider code…).
 */
export function gateNumberOf(raw: string): string | null {
  const digits = raw.trim().replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${GATE_NUMBER_LENGTH}}$`).test(digits) ? digits : null;
}

/** A new 门岗号: random, not derived from the gate (the unique index catches the rare repeat). */
export const newGateNumber = () => String(randomInt(10 ** (GATE_NUMBER_LENGTH - 1), 10 ** GATE_NUMBER_LENGTH));

/** "12345678" → "1234 5678", read in two breaths. */
export const formatGateNumber = (n: string) => `${n.slice(0, 4)} ${n.slice(4)}`;

export interface GateCode {
  gateId: string;
  version: number;
}

/**
 * Verifies a scanned gate code. The prefix is not checked (the signature covers what matters), so
 * posters survive a change of ACCESS_CODE_URL_PREFIX.
 */
export function verifyGateCode(config: AccessConfig, raw: string): GateCode {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw badRequest('GATE_CODE_INVALID', undefined, 'code');
  }
  const g = url.searchParams.get('g') ?? '';
  const v = url.searchParams.get('v') ?? '';
  const k = url.searchParams.get('k') ?? '';
  const s = url.searchParams.get('s') ?? '';
  if (!isUuid(g) || !/^\d{1,9}$/.test(v) || !k || !/^[A-Za-z0-9_-]{22}$/.test(s)) {
    throw badRequest('GATE_CODE_INVALID', undefined, 'code');
  }
  const key = keyById(config.gateKeys, k);
  if (!key) throw badRequest('GATE_CODE_KEY_REVOKED', undefined, 'code');
  const expected = gateSignature(key, g, Number(v));
  const given = canonicalBytes(s);
  if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw badRequest('GATE_CODE_INVALID', undefined, 'code');
  }
  return { gateId: g.toLowerCase(), version: Number(v) };
}

// PKCS#8 wrapper of a raw 32-byte Ed25519 seed (RFC 8410), so node:crypto can load it.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const keyCache = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

function riderKeyPair(seedHex: string) {
  let pair = keyCache.get(seedHex);
  if (!pair) {
    const privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(seedHex, 'hex')]),
      format: 'der',
      type: 'pkcs8',
    });
    pair = { privateKey, publicKey: createPublicKey(privateKey) };
    keyCache.set(seedHex, pair);
  }
  return pair;
}

/** The published verification keys: raw 32-byte Ed25519 keys (base64url) and the same in PEM. */
export function riderPublicKeys(config: AccessConfig) {
  return Object.entries(config.riderKeys).map(([kid, seed]) => {
    const { publicKey } = riderKeyPair(seed);
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    return {
      kid,
      alg: 'Ed25519' as const,
      publicKey: b64url(spki.subarray(spki.length - 32)),
      pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    };
  });
}

export function issueRiderCode(
  config: AccessConfig,
  userId: string,
  now: Date,
): { code: string; nonce: string; expiresAt: Date } {
  const kid = config.riderKeyId;
  const issuedAt = Math.floor(now.getTime() / 1000);
  const nonce = b64url(randomBytes(9));
  const payload = b64url(Buffer.from(`${userId}|${issuedAt}|${nonce}`));
  const head = `NXR1.${kid}.${payload}`;
  const sig = sign(null, Buffer.from(head), riderKeyPair(config.riderKeys[kid]!).privateKey);
  return { code: `${head}.${b64url(sig)}`, nonce, expiresAt: new Date((issuedAt + RIDER_CODE_PERIOD_SECONDS) * 1000) };
}

export interface RiderCode {
  userId: string;
  issuedAt: number;
  nonce: string;
}

export function verifyRiderCode(config: AccessConfig, raw: string, now: Date): RiderCode {
  const parts = raw.trim().split('.');
  if (parts.length !== 4 || parts[0] !== 'NXR1') throw badRequest('RIDER_CODE_INVALID', undefined, 'code');
  const [, kid, payload, sig] = parts as [string, string, string, string];
  const seed = keyById(config.riderKeys, kid);
  const sigBytes = canonicalBytes(sig);
  const payloadBytes = canonicalBytes(payload);
  if (!seed || !sigBytes || !payloadBytes) throw badRequest('RIDER_CODE_INVALID', undefined, 'code');
  const ok = verify(null, Buffer.from(`NXR1.${kid}.${payload}`), riderKeyPair(seed).publicKey, sigBytes);
  if (!ok) throw badRequest('RIDER_CODE_INVALID', undefined, 'code');
  const [userId, issued, nonce] = payloadBytes.toString('utf8').split('|');
  const issuedAt = Number(issued);
  if (!userId || !isUuid(userId) || !Number.isInteger(issuedAt) || !nonce) {
    throw badRequest('RIDER_CODE_INVALID', undefined, 'code');
  }
  const age = now.getTime() / 1000 - issuedAt;
  if (age > RIDER_CODE_PERIOD_SECONDS + RIDER_CODE_SKEW_SECONDS || age < -RIDER_CODE_SKEW_SECONDS) {
    throw new AppError(410, 'RIDER_CODE_EXPIRED');
  }
  return { userId, issuedAt, nonce };
}

/** Keyed hash of an ID number: equal IDs match, and a leaked table does not reveal them. */
export function idNumberHash(config: AccessConfig, idNumber: string): string {
  return createHmac('sha256', config.idHashKey).update(idNumber.toUpperCase()).digest('hex');
}
