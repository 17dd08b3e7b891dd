import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { CertificateCheck } from '@nuanxin/shared/activities/schemas';
import { CERTIFICATE_SHARE } from '@nuanxin/shared/activities/constants';
import { rowsOf } from '../db/client.js';
import type { AccessConfig } from '../platform/config.js';
import { activitySignups, users } from '../db/schema/index.js';
import { badRequest, forbidden, notFound } from '../platform/app-error.js';
import { isUuid } from '../platform/cursor.js';
import type { Acting } from '../auth/index.js';
import type { ActivitiesContext } from './context.js';
import { activityViews } from './views.js';

// 结业证书: a course finished (at least CERTIFICATE_SHARE of its sessions attended, all of them
// over) gives a PNG with the rider's name, the course, its dates and its organiser, and a code
// `NXC1.<kid>.<activity>.<rider>.<sig>` (HMAC over "nx-certificate|<activity>|<rider>" with the
// access job's gate key ring) that anyone can check at GET /certificates/verify.

const DOMAIN = 'nx-certificate';
const sign = (key: string, activityId: string, riderId: string) =>
  createHmac('sha256', key).update(`${DOMAIN}|${activityId}|${riderId}`).digest().subarray(0, 12).toString('base64url');

async function loadEligible(ctx: ActivitiesContext, activityId: string, riderId: string) {
  const [a] = await activityViews(ctx.db, { where: sql`a.id = ${activityId}::uuid`, riderId });
  if (!a) throw notFound();
  const needed = Math.ceil(a.sessions.length * CERTIFICATE_SHARE);
  const over = new Date(a.endsAt).getTime() <= ctx.now().getTime();
  const attended = a.mine?.attended ?? 0;
  return { a, eligible: over && attended >= needed && attended > 0, attended, needed };
}

const ymd = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};
const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
const FONT = "'WenQuanYi Zen Hei','Noto Sans CJK SC','PingFang SC',sans-serif";

/** The code printed on a rider's certificate of an activity. */
export function certificateCode(config: AccessConfig, activityId: string, riderId: string): string {
  const kid = config.gateKeyId;
  return `NXC1.${kid}.${activityId}.${riderId}.${sign(config.gateKeys[kid]!, activityId, riderId)}`;
}

/** The rider's own certificate as a PNG; refused until the course is over and enough was attended. */
export async function myCertificate(
  ctx: Acting<ActivitiesContext>,
  input: { id: string },
): Promise<{ png: Buffer; code: string }> {
  const riderId = ctx.actor.userId;
  const { a, eligible } = await loadEligible(ctx, input.id, riderId);
  const [signup] = await ctx.db
    .select({ status: activitySignups.status })
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, a.id), eq(activitySignups.riderId, riderId)));
  if (!eligible || !signup) throw forbidden('CERTIFICATE_NOT_EARNED');
  const [rider] = await ctx.db.select({ name: users.displayName }).from(users).where(eq(users.id, riderId));
  const code = certificateCode(ctx.access, a.id, riderId);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1130" viewBox="0 0 1600 1130">
  <rect width="1600" height="1130" fill="#fffdf7"/>
  <rect x="40" y="40" width="1520" height="1050" fill="none" stroke="#b45309" stroke-width="12"/>
  <rect x="70" y="70" width="1460" height="990" fill="none" stroke="#b45309" stroke-width="3"/>
  <text x="800" y="230" font-family="${FONT}" font-size="110" font-weight="bold" fill="#7c2d12" text-anchor="middle">结业证书</text>
  <text x="800" y="400" font-family="${FONT}" font-size="72" fill="#18181b" text-anchor="middle">${escapeXml(rider?.name ?? '')}</text>
  <text x="800" y="520" font-family="${FONT}" font-size="44" fill="#27272a" text-anchor="middle">于 ${ymd(a.startsAt)} 至 ${ymd(a.endsAt)} 参加</text>
  <text x="800" y="610" font-family="${FONT}" font-size="60" font-weight="bold" fill="#18181b" text-anchor="middle">「${escapeXml(a.title)}」</text>
  <text x="800" y="700" font-family="${FONT}" font-size="44" fill="#27272a" text-anchor="middle">共 ${a.sessions.length} 场，完成学习，特发此证。</text>
  <text x="1400" y="860" font-family="${FONT}" font-size="44" fill="#18181b" text-anchor="end">${escapeXml(a.organiser)}</text>
  <text x="1400" y="930" font-family="${FONT}" font-size="36" fill="#3f3f46" text-anchor="end">${ymd(a.endsAt)}</text>
  <text x="800" y="1010" font-family="monospace" font-size="18" fill="#52525b" text-anchor="middle">验证码 ${escapeXml(code)}</text>
</svg>`;
  const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
  return { png, code };
}

/** Anyone checks a certificate's code: whose, which course, when. */
export async function verifyCertificate(ctx: ActivitiesContext, input: { code: string }): Promise<CertificateCheck> {
  const parts = input.code.trim().split('.');
  if (parts.length !== 5 || parts[0] !== 'NXC1') throw badRequest('CERTIFICATE_INVALID', undefined, 'code');
  const [, kid, activityId, riderId, sig] = parts as [string, string, string, string, string];
  const key = Object.hasOwn(ctx.access.gateKeys, kid) ? ctx.access.gateKeys[kid] : undefined;
  if (!key || !isUuid(activityId) || !isUuid(riderId)) throw badRequest('CERTIFICATE_INVALID', undefined, 'code');
  const expected = sign(key, activityId, riderId);
  if (sig.length !== expected.length || !timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) {
    throw badRequest('CERTIFICATE_INVALID', undefined, 'code');
  }
  const { a, eligible } = await loadEligible(ctx, activityId, riderId);
  if (!eligible) throw badRequest('CERTIFICATE_INVALID', undefined, 'code');
  const [rider] = rowsOf<{ name: string }>(
    await ctx.db.execute(sql`select display_name as name from users where id = ${riderId}::uuid`),
  );
  return {
    valid: true,
    name: rider?.name ?? '',
    title: a.title,
    organiser: a.organiser,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    sessions: a.sessions.length,
  };
}
