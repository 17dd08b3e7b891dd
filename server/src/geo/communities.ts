import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Community, CommunityCreateBody, CommunityPatchBody } from '@nuanxin/shared/geo/schemas';
import { ORG_ADDRESS_MAX, ORG_NAME_MAX } from '@nuanxin/shared/geo/constants';
import type { Db } from '../db/client.js';
import { communities, streets } from '../db/schema/index.js';
import { badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import { inScope, type Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import type { GeoContext } from './context.js';
import { checkCode, checkPosition, optionalText, placeByBoundary, requiredText } from './place.js';

type CommunityRow = typeof communities.$inferSelect;

const PROPERTY_MAX = 60;

const view = (c: CommunityRow, streetName: string): Community => ({
  id: c.id,
  streetId: c.streetId,
  streetName,
  code: c.code,
  name: c.name,
  address: c.address,
  lat: c.lat,
  lng: c.lng,
  propertyCompany: c.propertyCompany,
  active: c.active,
});
const audited = (c: CommunityRow) => ({
  code: c.code,
  name: c.name,
  address: c.address,
  lat: c.lat,
  lng: c.lng,
  streetId: c.streetId,
  propertyCompany: c.propertyCompany,
  active: c.active,
});

/** A generated code: the street's code and a short random part (C-110105004-7KQ2). */
export const generatedCode = (prefix: string, streetCode: string) =>
  `${prefix}-${streetCode}-${randomBytes(3).toString('hex').toUpperCase()}`;

/**
 * A district admin (or a street operator, inside its own street) registers a community. The
 * street is the active street of the district whose boundary covers the community's point.
 */
export async function createCommunity(ctx: Acting<GeoContext>, input: CommunityCreateBody): Promise<Community> {
  const { actor } = ctx;
  const name = requiredText(input.name, 'name', '社区名称', ORG_NAME_MAX);
  const address = optionalText(input.address, 'address', '地址', ORG_ADDRESS_MAX);
  const propertyCompany = optionalText(input.propertyCompany, 'propertyCompany', '物业公司', PROPERTY_MAX);
  const given = input.code?.trim() ? checkCode(input.code, 'code', '社区编号') : null;
  checkPosition(input.lat, input.lng);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const street = await placeByBoundary(tx as unknown as Db, actor, input.lat, input.lng);
    const code = given ?? generatedCode('C', street.code);
    const [row] = await tx
      .insert(communities)
      .values({
        streetId: street.id,
        code,
        name,
        address,
        lat: input.lat,
        lng: input.lng,
        propertyCompany,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: communities.code })
      .returning();
    if (!row) throw conflict('COMMUNITY_CODE_TAKEN', `社区编号 ${code} 已存在`);
    await recordAudit(tx as unknown as Db, {
      actor,
      at: now,
      action: 'community.create',
      target: { kind: 'community', id: row.id },
      place: { communityId: row.id, streetId: street.id, districtId: street.districtId },
      after: audited(row),
    });
    return view(row, street.name);
  });
}

/**
 * Edits a community (name, address, position, property company) or (de)activates it. A new
 * position is placed again by the boundaries: the community may move to another street, but a
 * street operator cannot move it out of its own street.
 */
export async function updateCommunity(
  ctx: Acting<GeoContext>,
  input: CommunityPatchBody & { id: string },
): Promise<Community> {
  const { actor } = ctx;
  const patch: Partial<CommunityRow> = {};
  if (input.name !== undefined) patch.name = requiredText(input.name, 'name', '社区名称', ORG_NAME_MAX);
  if (input.address !== undefined) patch.address = optionalText(input.address, 'address', '地址', ORG_ADDRESS_MAX);
  if (input.propertyCompany !== undefined)
    patch.propertyCompany = optionalText(input.propertyCompany, 'propertyCompany', '物业公司', PROPERTY_MAX);
  if (input.active !== undefined) patch.active = input.active;
  if ((input.lat === undefined) !== (input.lng === undefined))
    throw badRequest('VALIDATION_FAILED', '请同时填写纬度和经度', input.lat === undefined ? 'lat' : 'lng');
  if (input.lat !== undefined && input.lng !== undefined) checkPosition(input.lat, input.lng);
  if (Object.keys(patch).length === 0 && input.lat === undefined) throw badRequest('NOTHING_TO_UPDATE');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ c: communities, districtId: streets.districtId, streetName: streets.name })
      .from(communities)
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(eq(communities.id, input.id))
      .for('update', { of: communities });
    if (!found) throw notFound('NOT_FOUND', '社区不存在');
    const before = found.c;
    if (!inScope(actor, { streetId: before.streetId, districtId: found.districtId })) throw forbidden('OUT_OF_SCOPE');
    let streetName = found.streetName;
    let districtId = found.districtId;
    if (input.lat !== undefined && input.lng !== undefined && (input.lat !== before.lat || input.lng !== before.lng)) {
      const street = await placeByBoundary(tx as unknown as Db, actor, input.lat, input.lng);
      Object.assign(patch, { lat: input.lat, lng: input.lng, streetId: street.id });
      streetName = street.name;
      districtId = street.districtId;
    }
    const [after] = await tx
      .update(communities)
      .set({ ...patch, updatedAt: now })
      .where(eq(communities.id, before.id))
      .returning();
    await recordAudit(tx as unknown as Db, {
      actor,
      at: now,
      action: input.active === false && before.active ? 'community.deactivate' : 'community.update',
      target: { kind: 'community', id: before.id },
      place: { communityId: before.id, streetId: after!.streetId, districtId },
      before: audited(before),
      after: audited(after!),
    });
    return view(after!, streetName);
  });
}
