import QRCode from 'qrcode';
import type { RiderCode, RiderCodeKeys } from '@nuanxin/shared/access/schemas';
import { RIDER_CODE_PERIOD_SECONDS } from '@nuanxin/shared/access/constants';
import { badRequest, forbidden } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { AccessContext } from './context.js';
import { issueRiderCode, RIDER_CODE_SKEW_SECONDS, riderPublicKeys } from './codes.js';
import { loadProfile } from './profile.js';

/**
 * 我的暖新码: a fresh Ed25519-signed code, valid RIDER_CODE_PERIOD_SECONDS. The app asks again
 * before it runs out, so the QR on screen keeps changing and a screenshot is useless.
 */
export async function myRiderCode(ctx: Acting<AccessContext>): Promise<RiderCode> {
  const profile = await loadProfile(ctx.db, ctx.actor.userId);
  if (!profile) throw badRequest('PROFILE_REQUIRED');
  // No fresh code while suspended: a code already shown expires within period + skew (35 s), so
  // offline gate devices stop admitting the rider without learning of the suspension.
  if (profile.suspendedAt) throw forbidden('RIDER_SUSPENDED');
  const now = ctx.now();
  const { code, expiresAt } = issueRiderCode(ctx.config, ctx.actor.userId, now);
  const qrDataUrl = await QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  return {
    code,
    qrDataUrl,
    issuedAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    refreshInSeconds: RIDER_CODE_PERIOD_SECONDS - 5,
  };
}

/** What a gate device needs to verify rider codes offline: the public keys, the period and the skew allowed. */
export function riderCodeKeys(ctx: AccessContext): RiderCodeKeys {
  return {
    periodSeconds: RIDER_CODE_PERIOD_SECONDS,
    skewSeconds: RIDER_CODE_SKEW_SECONDS,
    keys: riderPublicKeys(ctx.config),
  };
}
