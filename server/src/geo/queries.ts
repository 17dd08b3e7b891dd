import { asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Community, Merchant, Street, StreetSummary } from '@nuanxin/shared/geo/schemas';
import { communities, merchants, streets } from '../db/schema/index.js';
import { forbidden, notFound } from '../platform/app-error.js';
import { inScope, type Acting } from '../auth/index.js';
import type { GeoContext } from './context.js';

const communityColumns = {
  id: communities.id,
  streetId: communities.streetId,
  streetName: streets.name,
  districtId: streets.districtId,
  code: communities.code,
  name: communities.name,
  address: communities.address,
  lat: communities.lat,
  lng: communities.lng,
  propertyCompany: communities.propertyCompany,
  active: communities.active,
};

const strip = <T extends { districtId: string }>({ districtId: _d, ...rest }: T) => rest;

/** Communities the principal is responsible for; the list for a rider is empty (deny by default). */
export async function listCommunitiesInScope(ctx: Acting<GeoContext>): Promise<Community[]> {
  const { db, actor: principal } = ctx;
  const conditions: SQL[] = [];
  if (principal.role === 'district_admin' && principal.districtIds.length > 0) {
    conditions.push(inArray(streets.districtId, principal.districtIds));
  }
  if (principal.role === 'street_operator' && principal.streetIds.length > 0) {
    conditions.push(inArray(communities.streetId, principal.streetIds));
  }
  if (principal.role === 'community_admin' && principal.communityIds.length > 0) {
    conditions.push(inArray(communities.id, principal.communityIds));
  }
  if (conditions.length === 0) return [];
  const rows = await db
    .select(communityColumns)
    .from(communities)
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(or(...conditions))
    .orderBy(communities.code);
  return rows.map(strip);
}

/** One community, for staff whose scope holds it. */
export async function getCommunity(ctx: Acting<GeoContext>, input: { id: string }): Promise<Community> {
  const [row] = await ctx.db
    .select(communityColumns)
    .from(communities)
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(communities.id, input.id));
  if (!row) throw notFound();
  if (!inScope(ctx.actor, { communityId: row.id, streetId: row.streetId, districtId: row.districtId })) {
    throw forbidden('OUT_OF_SCOPE');
  }
  return strip(row);
}

/** One street with its boundary, for its operator and its district's admin. */
export async function getStreet(ctx: Acting<GeoContext>, input: { id: string }): Promise<Street> {
  const row = await ctx.db.query.streets.findFirst({ where: eq(streets.id, input.id) });
  if (!row) throw notFound();
  if (!inScope(ctx.actor, { streetId: row.id, districtId: row.districtId })) throw forbidden('OUT_OF_SCOPE');
  return { id: row.id, districtId: row.districtId, code: row.code, name: row.name, boundary: row.boundary };
}

/** One shop, for its merchant staff and the street and district it sits in. */
export async function getMerchant(ctx: Acting<GeoContext>, input: { id: string }): Promise<Merchant> {
  const [row] = await ctx.db
    .select({
      id: merchants.id,
      streetId: merchants.streetId,
      districtId: streets.districtId,
      code: merchants.code,
      name: merchants.name,
      kind: merchants.kind,
      address: merchants.address,
      lat: merchants.lat,
      lng: merchants.lng,
      active: merchants.active,
    })
    .from(merchants)
    .innerJoin(streets, eq(streets.id, merchants.streetId))
    .where(eq(merchants.id, input.id));
  if (!row) throw notFound();
  if (!inScope(ctx.actor, { merchantId: row.id, streetId: row.streetId, districtId: row.districtId })) {
    throw forbidden('OUT_OF_SCOPE');
  }
  return strip(row);
}

/** Streets the principal manages: an operator's own, a district admin's whole district. */
export async function listStreetsInScope(ctx: Acting<GeoContext>): Promise<StreetSummary[]> {
  const { db, actor: principal } = ctx;
  const conditions: SQL[] = [];
  if (principal.role === 'district_admin' && principal.districtIds.length > 0)
    conditions.push(inArray(streets.districtId, principal.districtIds));
  if (principal.role === 'street_operator' && principal.streetIds.length > 0)
    conditions.push(inArray(streets.id, principal.streetIds));
  if (conditions.length === 0) return [];
  return db
    .select({
      id: streets.id,
      districtId: streets.districtId,
      code: streets.code,
      name: streets.name,
      hasBoundary: sql<boolean>`${streets.boundary} is not null`,
      active: streets.active,
    })
    .from(streets)
    .where(or(...conditions))
    .orderBy(asc(streets.code));
}
