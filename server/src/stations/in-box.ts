import { NEARBY_LIMITS } from '@nuanxin/shared/stations/constants';
import type { BoxQuery, StationBox } from '@nuanxin/shared/stations/schemas';
import { EARTHDISTANCE_RADIUS_M, greatCircleMetres } from '@nuanxin/shared/geo/distance';
import type { StationsContext } from './context.js';
import { badRequest } from '../platform/app-error.js';
import { toStation } from './queries.js';
import { checkFilters, instantOf, knnSearch, originOf } from './search.js';

/**
 * Stations inside a map viewport, nearest to its centre first (so a truncated answer still fills
 * the middle of the map). The viewport's half-diagonal bounds the same indexed KNN search.
 */
export async function stationsInBox(ctx: StationsContext, query: BoxQuery): Promise<StationBox> {
  let sw = originOf(query.south, query.west, undefined, { lat: 'south', lng: 'west' });
  let ne = originOf(query.north, query.east, undefined, { lat: 'north', lng: 'east' });
  if (query.coord === 'wgs84') {
    sw = originOf(sw.lat, sw.lng, 'wgs84');
    ne = originOf(ne.lat, ne.lng, 'wgs84');
  }
  if (sw.lat > ne.lat) throw badRequest('VALIDATION_FAILED', '南边界不能在北边界以北', 'south');
  if (sw.lng > ne.lng) throw badRequest('VALIDATION_FAILED', '西边界不能在东边界以东', 'west');
  if (greatCircleMetres(sw, ne, EARTHDISTANCE_RADIUS_M) > NEARBY_LIMITS.maxBoxDiagonalM)
    throw badRequest('BOX_TOO_LARGE');
  const limit = query.limit ?? NEARBY_LIMITS.defaultBoxItems;
  if (limit > NEARBY_LIMITS.maxBoxItems)
    throw badRequest('PAGE_SIZE_TOO_LARGE', `最多 ${NEARBY_LIMITS.maxBoxItems} 个`, 'limit');
  if (limit < 1) throw badRequest('VALIDATION_FAILED', '至少 1 个', 'limit');
  const { types, amenities } = checkFilters(query);
  const centre = { lat: (sw.lat + ne.lat) / 2, lng: (sw.lng + ne.lng) / 2 };
  const rows = await knnSearch(ctx.db, {
    ...centre,
    // Every corner is within the half-diagonal (+1 m of rounding) of the centre.
    radiusM:
      Math.max(
        greatCircleMetres(centre, sw, EARTHDISTANCE_RADIUS_M),
        greatCircleMetres(centre, ne, EARTHDISTANCE_RADIUS_M),
        greatCircleMetres(centre, { lat: sw.lat, lng: ne.lng }, EARTHDISTANCE_RADIUS_M),
      ) + 1,
    box: { south: sw.lat, west: sw.lng, north: ne.lat, east: ne.lng },
    types,
    amenities,
    openNow: query.openNow ?? false,
    only24h: query.is24h ?? false,
    at: instantOf(query.at, ctx.now),
    limit: limit + 1,
  });
  return { items: rows.slice(0, limit).map(toStation), truncated: rows.length > limit };
}
