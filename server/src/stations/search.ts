import { sql, type SQL } from 'drizzle-orm';
import { AMENITIES, COORD_SYSTEMS, STATION_TYPES, type CoordSystem } from '@nuanxin/shared/stations/constants';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { rowsOf, type Db } from '../db/client.js';
import { badRequest } from '../errors/app-error.js';
import { shanghaiMoment } from './hours.js';
import { openAtSql, stationColumns, type StationRow } from './queries.js';

export interface SearchFilters {
  types?: string[] | undefined;
  amenities?: string[] | undefined;
  openNow?: boolean | undefined;
}

export interface KnnSearch extends SearchFilters {
  lat: number;
  lng: number;
  radiusM: number;
  /** Only stations inside this lat/lng box (the map viewport). */
  box?: { south: number; west: number; north: number; east: number };
  at: Date;
  /** Keyset: rows strictly after (knn, id). */
  after?: { knn: number; id: string } | undefined;
  limit: number;
}

/**
 * Nearest stations first, on the GiST index over `ll_to_earth(lat, lng)`: `earth_box @>` bounds
 * the scan to the radius and `<->` (cube distance, i.e. the chord, which orders exactly like the
 * great-circle distance) streams rows nearest first, so the scan stops after `limit` matches.
 *
 * Two details keep it on that plan on PostgreSQL 15 and on PGlite (18) alike:
 * - The inner query orders by `<->` alone (PG15 cannot add an id tie-break on top of a KNN scan
 *   without sorting everything) and uses `FETCH … WITH TIES`, so a tie at the page edge is never
 *   cut; the outer query then orders by (knn, id), which makes the keyset cursor exact.
 * - The planner estimates every `@>` on cube at a fixed 0.1 % of rows, so for a wide radius it
 *   would pick a bitmap scan of the whole box plus a sort; bitmap and sequential scans are turned
 *   off for this one statement (SET LOCAL), inside its own transaction.
 */
export async function knnSearch(db: Db, q: KnnSearch): Promise<StationRow[]> {
  const origin = sql`ll_to_earth(${q.lat}::float8, ${q.lng}::float8)`;
  const point = sql`ll_to_earth(s.lat, s.lng)`;
  const where: SQL[] = [
    sql`earth_box(${origin}, ${q.radiusM}::float8) @> ${point}`,
    sql`earth_distance(${origin}, ${point}) <= ${q.radiusM}::float8`,
  ];
  if (q.box) {
    where.push(sql`s.lat BETWEEN ${q.box.south}::float8 AND ${q.box.north}::float8`);
    where.push(sql`s.lng BETWEEN ${q.box.west}::float8 AND ${q.box.east}::float8`);
  }
  if (q.types && q.types.length > 0) where.push(sql`s.type = ANY(${sql.param(q.types)}::text[])`);
  if (q.amenities && q.amenities.length > 0) where.push(sql`s.amenities @> ${sql.param(q.amenities)}::text[]`);
  if (q.openNow) {
    const { minuteOfWeek, date } = shanghaiMoment(q.at);
    where.push(openAtSql(minuteOfWeek, date));
  }
  if (q.after) {
    where.push(sql`(${point} <-> ${origin}) >= ${q.after.knn}::float8`);
    where.push(sql`NOT ((${point} <-> ${origin}) = ${q.after.knn}::float8 AND s.id <= ${q.after.id}::uuid)`);
  }
  const limit = sql.raw(String(Math.max(1, Math.trunc(q.limit))));
  return db.transaction(async (tx) => {
    // Both settings in one round trip; set_config(..., true) is SET LOCAL.
    await tx.execute(sql`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`);
    const result = await tx.execute(sql`
      SELECT k.*, st.name AS street_name FROM (
        SELECT ${stationColumns(q.at)},
               ${point} <-> ${origin} AS knn,
               earth_distance(${origin}, ${point}) AS distance_m
        FROM stations s
        WHERE ${sql.join(where, sql` AND `)}
        ORDER BY ${point} <-> ${origin}
        FETCH FIRST ${limit} ROWS WITH TIES
      ) k LEFT JOIN streets st ON st.id = k.street_id
      ORDER BY k.knn, k.id
      LIMIT ${limit}`);
    return rowsOf<StationRow>(result).map((r) => ({ ...r, knn: Number(r.knn), distance_m: Number(r.distance_m) }));
  });
}

/** The position in GCJ-02, checked; `field` names the offending parameter. */
export function originOf(lat: number, lng: number, coord: CoordSystem | undefined, fields = { lat: 'lat', lng: 'lng' }) {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw badRequest('COORDINATE_OUT_OF_RANGE', undefined, fields.lat);
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) throw badRequest('COORDINATE_OUT_OF_RANGE', undefined, fields.lng);
  if (coord !== undefined && !COORD_SYSTEMS.includes(coord)) throw badRequest('UNKNOWN_FILTER_VALUE', undefined, 'coord');
  return coord === 'wgs84' ? wgs84ToGcj02({ lat, lng }) : { lat, lng };
}

/** Filter codes checked against the managed lists: an unknown code is a 400, never ignored. */
export function checkFilters(filters: SearchFilters): { types: string[]; amenities: string[] } {
  const types = filters.types ?? [];
  const amenities = filters.amenities ?? [];
  const badType = types.find((t) => !(STATION_TYPES as readonly string[]).includes(t));
  if (badType !== undefined) {
    throw badRequest('UNKNOWN_FILTER_VALUE', `不支持的驿站类型：${badType}`, 'types');
  }
  const badAmenity = amenities.find((a) => !(AMENITIES as readonly string[]).includes(a));
  if (badAmenity !== undefined) {
    throw badRequest('UNKNOWN_FILTER_VALUE', `不支持的设施：${badAmenity}`, 'amenities');
  }
  return { types: [...new Set(types)], amenities: [...new Set(amenities)] };
}

export function instantOf(at: string | undefined): Date {
  if (at === undefined) return new Date();
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw badRequest('VALIDATION_FAILED', '时间格式不正确', 'at');
  return d;
}
