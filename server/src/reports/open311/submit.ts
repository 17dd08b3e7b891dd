import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Principal } from '../../auth/index.js';
import { users } from '../../db/schema/index.js';
import { AppError } from '../../platform/app-error.js';
import type { ReportsContext } from '../context.js';
import { submitReport } from '../submit.js';

function keyAllowed(key: string, allowed: string[]): boolean {
  const got = createHash('sha256').update(key).digest();
  return allowed.some((k) => timingSafeEqual(got, createHash('sha256').update(k).digest()));
}

/**
 * The account an Open311 client reports as: one per api key, a rider with no WeChat identity
 * (its openid marks it, so the outbox never tries to message it). Only its hash is stored.
 */
async function accountFor(ctx: ReportsContext, key: string): Promise<Principal> {
  const openid = `open311:${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
  await ctx.db.insert(users).values({ openid, role: 'rider', displayName: 'Open311 接入' }).onConflictDoNothing();
  const [user] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.openid, openid));
  return {
    userId: user!.id,
    role: 'rider',
    districtIds: [],
    streetIds: [],
    communityIds: [],
    merchantIds: [],
    gateIds: [],
    teamIds: [],
  };
}

/**
 * POST requests.json: a multipart report from a partner system, coordinates in WGS-84. The caller
 * is not a signed-in user but an api key (`ctx.config.open311ApiKeys`); the report is submitted as
 * that key's account, the same use case as the mini-program's.
 */
export async function submitOpen311(
  ctx: ReportsContext,
  input: { fields: Record<string, string>; files: Buffer[]; idempotencyKey: string | undefined },
) {
  const key = input.fields.api_key ?? '';
  if (!key || !keyAllowed(key, ctx.config.open311ApiKeys)) {
    throw new AppError(403, 'OPEN311_KEY_INVALID', undefined, 'api_key');
  }
  const actor = await accountFor(ctx, key);
  const result = await submitReport(
    { ...ctx, actor },
    {
      idempotencyKey: input.idempotencyKey ?? `o311-${randomUUID()}`,
      fields: {
        category: input.fields.service_code ?? '',
        lat: input.fields.lat ?? '',
        lng: input.fields.long ?? '',
        coordSystem: 'wgs84',
        description: input.fields.description ?? '',
      },
      photos: input.files,
      source: 'open311',
    },
  );
  return [
    {
      service_request_id: result.report.id,
      service_notice: result.report.streetName ? `已转${result.report.streetName}` : '已转区级受理',
      account_id: null,
    },
  ];
}
