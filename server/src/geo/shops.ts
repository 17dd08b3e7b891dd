import { asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Merchant, MerchantCreateBody, MerchantPatchBody } from '@nuanxin/shared/geo/schemas';
import { ORG_ADDRESS_MAX, ORG_NAME_MAX } from '@nuanxin/shared/geo/constants';
import type { Db } from '../db/client.js';
import { merchants, streets } from '../db/schema/index.js';
import { badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import { inScope, type Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import type { GeoContext } from './context.js';
import { generatedCode } from './communities.js';
import { checkCode, checkPosition, chosenStreet, optionalText, placeByBoundary, requiredText } from './place.js';

// 友好商户 (shops): where riders redeem points. Their staff are invited with the invitation API
// (role merchant, scope the shop).

type MerchantRow = typeof merchants.$inferSelect;

const view = (m: MerchantRow): Merchant => ({
  id: m.id,
  streetId: m.streetId,
  code: m.code,
  name: m.name,
  kind: m.kind,
  address: m.address,
  lat: m.lat,
  lng: m.lng,
  active: m.active,
});
const audited = ({ id: _i, createdAt: _c, updatedAt: _u, ...rest }: MerchantRow) => rest;

/** Shops in scope, inactive ones included: a district's, a street's, a merchant's own. */
export async function listMerchantsInScope(ctx: Acting<GeoContext>): Promise<Merchant[]> {
  const { actor } = ctx;
  const conditions: SQL[] = [];
  if (actor.role === 'district_admin' && actor.districtIds.length > 0)
    conditions.push(inArray(streets.districtId, actor.districtIds));
  if (actor.role === 'street_operator' && actor.streetIds.length > 0)
    conditions.push(inArray(merchants.streetId, actor.streetIds));
  if (actor.role === 'merchant' && actor.merchantIds.length > 0)
    conditions.push(inArray(merchants.id, actor.merchantIds));
  if (conditions.length === 0) return [];
  const rows = await ctx.db
    .select({ m: merchants })
    .from(merchants)
    .innerJoin(streets, eq(streets.id, merchants.streetId))
    .where(or(...conditions))
    .orderBy(asc(merchants.code));
  return rows.map((r) => view(r.m));
}

/**
 * A district admin (or a street operator, in its own street) registers a shop: its street is the
 * one chosen, or else the active street whose boundary covers its point.
 */
export async function createMerchant(ctx: Acting<GeoContext>, input: MerchantCreateBody): Promise<Merchant> {
  const { actor } = ctx;
  const name = requiredText(input.name, 'name', '商户名称', ORG_NAME_MAX);
  const address = optionalText(input.address, 'address', '地址', ORG_ADDRESS_MAX);
  const given = input.code?.trim() ? checkCode(input.code, 'code', '商户编号') : null;
  checkPosition(input.lat, input.lng);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const street = input.streetId
      ? await chosenStreet(db, actor, input.streetId)
      : await placeByBoundary(db, actor, input.lat, input.lng);
    const code = given ?? generatedCode('M', street.code);
    const [row] = await tx
      .insert(merchants)
      .values({
        streetId: street.id,
        code,
        name,
        kind: input.kind,
        address,
        lat: input.lat,
        lng: input.lng,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: merchants.code })
      .returning();
    if (!row) throw conflict('MERCHANT_CODE_TAKEN', `商户编号 ${code} 已存在`);
    await recordAudit(db, {
      actor,
      at: now,
      action: 'merchant.create',
      target: { kind: 'merchant', id: row.id },
      place: { merchantId: row.id, streetId: street.id, districtId: street.districtId },
      after: audited(row),
    });
    return view(row);
  });
}

/** Edits a shop or (de)activates it; a new position or street is checked as at creation. */
export async function updateMerchant(
  ctx: Acting<GeoContext>,
  input: MerchantPatchBody & { id: string },
): Promise<Merchant> {
  const { actor } = ctx;
  const patch: Partial<MerchantRow> = {};
  if (input.name !== undefined) patch.name = requiredText(input.name, 'name', '商户名称', ORG_NAME_MAX);
  if (input.address !== undefined) patch.address = optionalText(input.address, 'address', '地址', ORG_ADDRESS_MAX);
  if (input.kind !== undefined) patch.kind = input.kind;
  if (input.active !== undefined) patch.active = input.active;
  if ((input.lat === undefined) !== (input.lng === undefined))
    throw badRequest('VALIDATION_FAILED', '请同时填写纬度和经度', input.lat === undefined ? 'lat' : 'lng');
  if (input.lat !== undefined && input.lng !== undefined) {
    checkPosition(input.lat, input.lng);
    patch.lat = input.lat;
    patch.lng = input.lng;
  }
  if (Object.keys(patch).length === 0 && input.streetId === undefined) throw badRequest('NOTHING_TO_UPDATE');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [found] = await tx
      .select({ m: merchants, districtId: streets.districtId })
      .from(merchants)
      .innerJoin(streets, eq(streets.id, merchants.streetId))
      .where(eq(merchants.id, input.id))
      .for('update', { of: merchants });
    if (!found) throw notFound('NOT_FOUND', '商户不存在');
    const before = found.m;
    if (!inScope(actor, { streetId: before.streetId, districtId: found.districtId })) throw forbidden('OUT_OF_SCOPE');
    let districtId = found.districtId;
    const moved = patch.lat !== undefined && (patch.lat !== before.lat || patch.lng !== before.lng);
    if (input.streetId !== undefined && input.streetId !== before.streetId) {
      const street = await chosenStreet(db, actor, input.streetId);
      patch.streetId = street.id;
      districtId = street.districtId;
    } else if (moved && input.streetId === undefined) {
      const street = await placeByBoundary(db, actor, patch.lat!, patch.lng!);
      patch.streetId = street.id;
      districtId = street.districtId;
    }
    const [after] = await tx
      .update(merchants)
      .set({ ...patch, updatedAt: now })
      .where(eq(merchants.id, before.id))
      .returning();
    await recordAudit(db, {
      actor,
      at: now,
      action: input.active === false && before.active ? 'merchant.deactivate' : 'merchant.update',
      target: { kind: 'merchant', id: before.id },
      place: { merchantId: before.id, streetId: after!.streetId, districtId },
      before: audited(before),
      after: audited(after!),
    });
    return view(after!);
  });
}
