import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Principal } from '../../auth/index.js';
import { reportCategories, users } from '../../db/schema/index.js';
import { AppError, badRequest } from '../../platform/app-error.js';
import type { ReportsContext } from '../context.js';
import { submitReport } from '../submit.js';
import { attributeAnswers, checkAttributes } from './attributes.js';

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
    apartmentIds: [],
  };
}

/** One text field of a form: a repeated one is refused (which of the two would be meant?). */
function one(fields: Record<string, unknown>, name: string): string | undefined {
  const v = fields[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest('VALIDATION_FAILED', `${name} 只能填一个`, name);
  return v;
}

/**
 * `media_url`: a partner's own link to its photo. Only its form is checked; the server never
 * requests it (an address a caller chose would let it reach our internal network).
 */
function mediaUrlOf(raw: string | undefined): string | null {
  const text = (raw ?? '').trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badRequest('OPEN311_MEDIA_URL_INVALID', undefined, 'media_url');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || text.length > 2000 || url.username || url.password)
    throw badRequest('OPEN311_MEDIA_URL_INVALID', undefined, 'media_url');
  return url.href;
}

/** `jurisdiction_id` is optional (one jurisdiction here); any other than ours is refused. */
export function checkJurisdiction(ctx: ReportsContext, value: string | undefined): void {
  if (value !== undefined && value !== ctx.config.open311JurisdictionId)
    throw new AppError(404, 'OPEN311_JURISDICTION_UNKNOWN', undefined, 'jurisdiction_id');
}

/**
 * POST requests.{fmt}: a report from a partner system, form-urlencoded or multipart (with `media`
 * files), coordinates in WGS-84. The caller is not a signed-in user but an api key
 * (`ctx.config.open311ApiKeys`); the report is submitted as that key's account, the same use case
 * as the mini-program's, except that a photo is optional (a `media_url` may stand for it) and the
 * category's attributes are asked. Contact fields (email, phone, names, device_id) are not kept.
 * The answer's `token` is the request's idempotency key (the `Idempotency-Key` header or one
 * minted here): ids are immediate, the token only lets a client written for the token flow find it.
 */
export async function submitOpen311(
  ctx: ReportsContext,
  input: { fields: Record<string, unknown>; files: Buffer[]; idempotencyKey: string | undefined },
) {
  const key = input.fields.api_key;
  if (typeof key !== 'string' || !key || !keyAllowed(key, ctx.config.open311ApiKeys)) {
    throw new AppError(403, 'OPEN311_KEY_INVALID', undefined, 'api_key');
  }
  checkJurisdiction(ctx, one(input.fields, 'jurisdiction_id'));
  const serviceCode = one(input.fields, 'service_code') ?? '';
  const mediaUrl = mediaUrlOf(one(input.fields, 'media_url'));
  const [category] = await ctx.db
    .select({ attributes: reportCategories.attributes })
    .from(reportCategories)
    .where(and(eq(reportCategories.code, serviceCode), eq(reportCategories.active, true)));
  if (!category) throw badRequest('CATEGORY_UNKNOWN', undefined, 'service_code');
  const attributes = checkAttributes(category.attributes, attributeAnswers(input.fields));
  const actor = await accountFor(ctx, key);
  const token = input.idempotencyKey ?? `o311-${randomUUID()}`;
  const result = await submitReport(
    { ...ctx, actor },
    {
      idempotencyKey: token,
      fields: {
        category: serviceCode,
        lat: one(input.fields, 'lat') ?? '',
        lng: one(input.fields, 'long') ?? '',
        coordSystem: 'wgs84',
        description: one(input.fields, 'description') ?? '',
      },
      photos: input.files,
      source: 'open311',
      photoRequired: false,
      mediaUrl,
      attributes,
    },
  );
  return [
    {
      service_request_id: result.report.id,
      token,
      service_notice: result.report.streetName ? `已转${result.report.streetName}` : '已转区级受理',
      account_id: null,
    },
  ];
}
