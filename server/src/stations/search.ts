import { AMENITIES, COORD_SYSTEMS, STATION_TYPES, type CoordSystem } from '@nuanxin/shared/stations/constants';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import type { Db } from '../db/client.js';
import { preparedStatement } from '../db/prepared.js';
import { badRequest } from '../platform/app-error.js';
import { shanghaiMoment } from './hours.js';
import type { StationRow } from './queries.js';

export interface SearchFilters {
  types?: string[] | undefined;
  amenities?: string[] | undefined;
  openNow?: boolean | undefined;
  /** Only stations open around the clock. */
  only24h?: boolean | undefined;
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

// The search is the SQL function stations_nearby (sql/stations_nearby.sql: why it is a function, and the
// plan it keeps); prepared, so each connection plans it once.
const nearby = preparedStatement<StationRow>(
  'stations_nearby',
  'SELECT * FROM stations_nearby($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)',
);

/**
 * Nearest stations first within `radiusM`, with optional filters, a viewport box and a keyset
 * cursor: one statement, on the GiST index, stopping after `limit` rows (see stations_nearby).
 */
export async function knnSearch(db: Db, q: KnnSearch): Promise<StationRow[]> {
  const { minuteOfWeek, date } = shanghaiMoment(q.at);
  const rows = await nearby(db, [
    q.lat,
    q.lng,
    q.radiusM,
    q.types && q.types.length > 0 ? q.types : null,
    q.amenities && q.amenities.length > 0 ? q.amenities : null,
    q.only24h ?? false,
    minuteOfWeek,
    date,
    q.openNow ?? false,
    q.box?.south ?? null,
    q.box?.west ?? null,
    q.box?.north ?? null,
    q.box?.east ?? null,
    q.after?.knn ?? null,
    q.after?.id ?? null,
    Math.max(1, Math.trunc(q.limit)),
  ]);
  return rows.map((r) => ({ ...r, knn: Number(r.knn), distance_m: Number(r.distance_m) }));
}

/** The position in GCJ-02, checked; `field` names the offending parameter. */
export function originOf(
  lat: number,
  lng: number,
  coord: CoordSystem | undefined,
  fields = { lat: 'lat', lng: 'lng' },
) {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90)
    throw badRequest('COORDINATE_OUT_OF_RANGE', undefined, fields.lat);
  if (!Number.isFinite(lng) || lng < -180 || lng > 180)
    throw badRequest('COORDINATE_OUT_OF_RANGE', undefined, fields.lng);
  if (coord !== undefined && !COORD_SYSTEMS.includes(coord))
    throw badRequest('UNKNOWN_FILTER_VALUE', undefined, 'coord');
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

/** The instant a search is about: `at` when the caller asks, else the context's clock. */
export function instantOf(at: string | undefined, now: () => Date): Date {
  if (at === undefined) return now();
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) throw badRequest('VALIDATION_FAILED', '时间格式不正确', 'at');
  return d;
}
