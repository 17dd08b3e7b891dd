import { NEAREST_MAX_RADIUS_M } from '@nuanxin/shared/stations/constants';
import type { NearestQuery, NearestStation } from '@nuanxin/shared/stations/schemas';
import type { StationsContext } from './context.js';
import { toStation } from './queries.js';
import { checkFilters, instantOf, knnSearch, originOf } from './search.js';

/**
 * "最近的全时驿站": the one nearest station of the asked types (全时驿站 by default) that is open
 * now, within 50 km; `item: null` when there is none.
 */
export async function nearestStation(ctx: StationsContext, query: NearestQuery): Promise<NearestStation> {
  const origin = originOf(query.lat, query.lng, query.coord);
  const { types, amenities } = checkFilters({ types: query.types ?? ['all_day'], amenities: query.amenities });
  const [row] = await knnSearch(ctx.db, {
    ...origin,
    radiusM: NEAREST_MAX_RADIUS_M,
    types,
    amenities,
    openNow: query.openNow ?? true,
    only24h: query.is24h ?? false,
    at: instantOf(query.at, ctx.now),
    limit: 1,
  });
  return { item: row ? toStation(row) : null };
}
