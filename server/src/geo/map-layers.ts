import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { MAP_LAYER_LIMITS } from '@nuanxin/shared/geo/constants';
import { EARTHDISTANCE_RADIUS_M, greatCircleMetres } from '@nuanxin/shared/geo/distance';
import type { MapFeature, MapLayers, MapLayersQuery } from '@nuanxin/shared/geo/schemas';
import type { Acting } from '../auth/index.js';
import { communities, districts, stations, streets } from '../db/schema/index.js';
import type { LngLat } from '../db/schema/types.js';
import { badRequest, notFound } from '../platform/app-error.js';
import { isUuid } from '../platform/cursor.js';
import type { GeoContext } from './context.js';

// The map the H5 app draws without a tile server: district and street outlines, communities and
// stations as GeoJSON (positions [lng, lat], GCJ-02 — what every position here is stored in).
// Public information for any signed-in user, riders included: names, outlines and addresses of
// places, nothing about people. Stations are read here (not through the stations job) because the
// map needs only their name, type and position; their rules stay in server/src/stations/.

type Box = { south: number; west: number; north: number; east: number };

const SIDES = [
  ['south', '南边界', 90],
  ['west', '西边界', 180],
  ['north', '北边界', 90],
  ['east', '东边界', 180],
] as const;

/** The box of the query: all four sides or none; each in range; south below north, west left of east. */
function boxOf(q: MapLayersQuery): Box | null {
  const given = SIDES.filter(([k]) => q[k] !== undefined);
  if (given.length === 0) return null;
  const missing = SIDES.find(([k]) => q[k] === undefined);
  if (missing) throw badRequest('VALIDATION_FAILED', `请同时给出四条边界，缺少${missing[1]}`, missing[0]);
  for (const [k, label, limit] of SIDES) {
    const v = q[k]!;
    if (!Number.isFinite(v) || Math.abs(v) > limit)
      throw badRequest('VALIDATION_FAILED', `${label}超出范围（-${limit} 到 ${limit}）`, k);
  }
  const box = { south: q.south!, west: q.west!, north: q.north!, east: q.east! };
  if (box.south >= box.north) throw badRequest('VALIDATION_FAILED', '南边界必须在北边界以南', 'south');
  if (box.west >= box.east) throw badRequest('VALIDATION_FAILED', '西边界必须在东边界以西', 'west');
  const diagonal = greatCircleMetres(
    { lat: box.south, lng: box.west },
    { lat: box.north, lng: box.east },
    EARTHDISTANCE_RADIUS_M,
  );
  if (diagonal > MAP_LAYER_LIMITS.maxBoxDiagonalM)
    throw badRequest(
      'BOX_TOO_LARGE',
      `地图范围太大（对角线最多 ${MAP_LAYER_LIMITS.maxBoxDiagonalM / 1000} 公里），请放大地图`,
      'south',
    );
  return box;
}

/** A closed GeoJSON ring from a stored one (PostgreSQL's polygon leaves it open). */
function ring(points: LngLat[]): number[][] {
  const coords = points.map((p) => [p.lng, p.lat]);
  const first = coords[0];
  const last = coords[coords.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) coords.push([...first]);
  return coords;
}

function boundsOf(points: LngLat[]): Box | null {
  if (points.length === 0) return null;
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  return { south: Math.min(...lats), north: Math.max(...lats), west: Math.min(...lngs), east: Math.max(...lngs) };
}

const boxPolygon = (b: Box) => sql`polygon(box(point(${b.west}, ${b.south}), point(${b.east}, ${b.north})))`;

/**
 * GeoJSON for a box, a district, or a district within a box: the district outlines and active
 * street boundaries that overlap it, the active communities and the stations inside it (at most
 * MAP_LAYER_LIMITS.maxPoints of each, nearest to the middle first; `truncated` says so).
 */
export async function mapLayers(ctx: Acting<GeoContext>, q: MapLayersQuery): Promise<MapLayers> {
  const { db } = ctx;
  const box = boxOf(q);
  let district: { id: string; boundary: LngLat[] | null } | undefined;
  if (q.districtId !== undefined) {
    if (!isUuid(q.districtId)) throw badRequest('VALIDATION_FAILED', '区的编号格式不正确', 'districtId');
    district = await db.query.districts.findFirst({
      where: eq(districts.id, q.districtId),
      columns: { id: true, boundary: true },
    });
    if (!district) throw notFound('NOT_FOUND', '没有这个区');
  }
  if (!box && !district) throw badRequest('VALIDATION_FAILED', '请给出地图范围（四条边界）或区', 'districtId');

  const frame = box ?? boundsOf(district?.boundary ?? []);
  const bbox = frame ? [frame.west, frame.south, frame.east, frame.north] : null;
  const features: MapFeature[] = [];

  const districtWhere: SQL[] = [sql`${districts.boundary} is not null`];
  if (district) districtWhere.push(eq(districts.id, district.id));
  if (box) districtWhere.push(sql`${districts.boundary} && ${boxPolygon(box)}`);
  const districtRows = await db
    .select({ id: districts.id, code: districts.adcode, name: districts.name, boundary: districts.boundary })
    .from(districts)
    .where(and(...districtWhere))
    .orderBy(asc(districts.adcode));
  for (const d of districtRows) {
    features.push({
      type: 'Feature',
      id: `district:${d.id}`,
      geometry: { type: 'Polygon', coordinates: [ring(d.boundary ?? [])] },
      properties: { kind: 'district', id: d.id, name: d.name, code: d.code },
    });
  }

  const streetWhere: SQL[] = [eq(streets.active, true), sql`${streets.boundary} is not null`];
  if (district) streetWhere.push(eq(streets.districtId, district.id));
  if (box) streetWhere.push(sql`${streets.boundary} && ${boxPolygon(box)}`);
  const streetRows = await db
    .select({ id: streets.id, code: streets.code, name: streets.name, boundary: streets.boundary })
    .from(streets)
    .where(and(...streetWhere))
    .orderBy(asc(streets.code));
  for (const s of streetRows) {
    features.push({
      type: 'Feature',
      id: `street:${s.id}`,
      geometry: { type: 'Polygon', coordinates: [ring(s.boundary ?? [])] },
      properties: { kind: 'street', id: s.id, name: s.name, code: s.code },
    });
  }

  const limit = MAP_LAYER_LIMITS.maxPoints;
  const middle = frame
    ? { lat: (frame.south + frame.north) / 2, lng: (frame.west + frame.east) / 2 }
    : { lat: 0, lng: 0 };
  const inBox = (lat: unknown, lng: unknown) =>
    box ? [sql`${lat} between ${box.south} and ${box.north}`, sql`${lng} between ${box.west} and ${box.east}`] : [];
  // Planar distance in degrees: only to choose which points stay when there are too many.
  const nearMiddle = (lat: unknown, lng: unknown) =>
    sql`(${lat} - ${middle.lat}) * (${lat} - ${middle.lat}) + (${lng} - ${middle.lng}) * (${lng} - ${middle.lng})`;

  const communityWhere: SQL[] = [eq(communities.active, true), ...inBox(communities.lat, communities.lng)];
  if (district) communityWhere.push(eq(streets.districtId, district.id));
  const communityRows = await db
    .select({
      id: communities.id,
      code: communities.code,
      name: communities.name,
      address: communities.address,
      lat: communities.lat,
      lng: communities.lng,
      streetName: streets.name,
    })
    .from(communities)
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(and(...communityWhere))
    .orderBy(nearMiddle(communities.lat, communities.lng), asc(communities.id))
    .limit(limit + 1);
  for (const c of communityRows.slice(0, limit)) {
    features.push({
      type: 'Feature',
      id: `community:${c.id}`,
      geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
      properties: {
        kind: 'community',
        id: c.id,
        name: c.name,
        code: c.code,
        address: c.address,
        streetName: c.streetName,
      },
    });
  }

  const stationWhere: SQL[] = [...inBox(stations.lat, stations.lng)];
  if (district) stationWhere.push(eq(stations.districtId, district.id));
  const stationRows = await db
    .select({
      id: stations.id,
      name: stations.name,
      type: stations.type,
      address: stations.address,
      lat: stations.lat,
      lng: stations.lng,
      is24h: stations.is24h,
      status: stations.status,
      streetName: streets.name,
    })
    .from(stations)
    .leftJoin(streets, eq(streets.id, stations.streetId))
    .where(and(...stationWhere))
    .orderBy(nearMiddle(stations.lat, stations.lng), asc(stations.id))
    .limit(limit + 1);
  for (const s of stationRows.slice(0, limit)) {
    features.push({
      type: 'Feature',
      id: `station:${s.id}`,
      geometry: { type: 'Point', coordinates: [s.lng, s.lat] },
      properties: {
        kind: 'station',
        id: s.id,
        name: s.name,
        type: s.type,
        address: s.address,
        is24h: s.is24h,
        status: s.status,
        streetName: s.streetName ?? null,
      },
    });
  }

  return {
    type: 'FeatureCollection',
    bbox,
    features,
    truncated: communityRows.length > limit || stationRows.length > limit,
  };
}
