import { createHmac, timingSafeEqual } from 'node:crypto';
import { ACTIVITY_CODE_DIGITS, ACTIVITY_CODE_STEP_SECONDS } from '@nuanxin/shared/activities/constants';
import type { AccessConfig } from '../platform/config.js';
import { isUuid } from '../platform/cursor.js';
import { AppError, badRequest } from '../platform/app-error.js';

// The rotating check-in code an organiser shows (big QR + six digits), one per session:
//
//   QR:     `NXA1.<kid>.<session id>.<step>.<sig>`, step = floor(unix seconds / STEP),
//           sig = base64url(first 16 bytes of HMAC-SHA256(key[kid], "nx-activity|<session>|<step>"))
//   digits: HOTP-style truncation of HMAC-SHA256(key[kid], "nx-activity-digits|<session>|<step>"),
//           typed by a rider whose browser cannot scan; matched against the sessions open now.
//
// The keys are the access job's gate key ring (ACCESS_GATE_KEYS, signing id ACCESS_GATE_KEY_ID):
// the domain strings keep a gate code and an activity code from ever verifying as each other. The
// code of the current step and of the one before count, so a code read as it turns still works; a
// screenshot sent to a friend stops working within two steps.

const DOMAIN = 'nx-activity';
const SIG_BYTES = 16;

export const stepAt = (now: Date) => Math.floor(now.getTime() / 1000 / ACTIVITY_CODE_STEP_SECONDS);

const keyById = (ring: Record<string, string>, id: string): string | undefined =>
  Object.hasOwn(ring, id) ? ring[id] : undefined;

const signature = (key: string, sessionId: string, step: number) =>
  createHmac('sha256', key)
    .update(`${DOMAIN}|${sessionId.toLowerCase()}|${step}`)
    .digest()
    .subarray(0, SIG_BYTES)
    .toString('base64url');

function digitsFor(key: string, sessionId: string, step: number): string {
  const mac = createHmac('sha256', key).update(`${DOMAIN}-digits|${sessionId.toLowerCase()}|${step}`).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const n = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(n % 10 ** ACTIVITY_CODE_DIGITS).padStart(ACTIVITY_CODE_DIGITS, '0');
}

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The code of a session at `now`: the QR text, its typed digits, and when it turns. */
export function issueActivityCode(config: AccessConfig, sessionId: string, now: Date) {
  const kid = config.gateKeyId;
  const key = config.gateKeys[kid]!;
  const step = stepAt(now);
  return {
    code: `NXA1.${kid}.${sessionId}.${step}.${signature(key, sessionId, step)}`,
    digits: digitsFor(key, sessionId, step),
    expiresAt: new Date((step + 1) * ACTIVITY_CODE_STEP_SECONDS * 1000),
  };
}

/** The typed six digits ("123 456", "123-456"), or null when the text is not that. */
export function activityDigitsOf(raw: string): string | null {
  const d = raw.trim().replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${ACTIVITY_CODE_DIGITS}}$`).test(d) ? d : null;
}

/** Whether the QR text looks like an activity code at all (the rest is checked by verify). */
export const isActivityToken = (raw: string) => raw.trim().startsWith('NXA1.');

/** Verifies a scanned code: the session it is for, or ACTIVITY_CODE_INVALID / _EXPIRED. */
export function verifyActivityCode(config: AccessConfig, raw: string, now: Date): { sessionId: string } {
  const parts = raw.trim().split('.');
  if (parts.length !== 5 || parts[0] !== 'NXA1') throw badRequest('ACTIVITY_CODE_INVALID', undefined, 'code');
  const [, kid, sessionId, stepText, sig] = parts as [string, string, string, string, string];
  const key = keyById(config.gateKeys, kid);
  if (!key || !isUuid(sessionId) || !/^\d{1,12}$/.test(stepText)) {
    throw badRequest('ACTIVITY_CODE_INVALID', undefined, 'code');
  }
  const step = Number(stepText);
  if (!same(sig, signature(key, sessionId, step))) throw badRequest('ACTIVITY_CODE_INVALID', undefined, 'code');
  const current = stepAt(now);
  // A step ahead is a device clock a little fast; more than one behind is an old code.
  if (step > current + 1 || step < current - 1) throw new AppError(410, 'ACTIVITY_CODE_EXPIRED', undefined, 'code');
  return { sessionId: sessionId.toLowerCase() };
}

/** Which of `sessionIds` the typed digits belong to now (this step or the one before), if any. */
export function matchActivityDigits(config: AccessConfig, digits: string, sessionIds: string[], now: Date) {
  const key = config.gateKeys[config.gateKeyId]!;
  const current = stepAt(now);
  for (const id of sessionIds) {
    for (const step of [current, current - 1]) {
      if (same(digits, digitsFor(key, id, step))) return id;
    }
  }
  return null;
}
