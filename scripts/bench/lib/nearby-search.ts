// The query of bench/stations-nearby.ts, shared by its checks (that process) and its timed rounds
// (bench/lib/nearby-rounds.ts, a process of its own): the route's use case, nearbyStations.
import { nearbyStations, type StationsContext } from '@nuanxin/server/stations/index';
import type { Amenity, StationType } from '@nuanxin/shared/stations/constants';

export interface NearbyBenchQuery {
  lat: number;
  lng: number;
  types?: StationType[];
  amenities?: Amenity[];
}

export const searchNearby = (ctx: StationsContext, q: NearbyBenchQuery, radiusM: number, limit: number) =>
  nearbyStations(ctx, {
    lat: q.lat,
    lng: q.lng,
    radius: radiusM,
    limit,
    ...(q.types ? { types: q.types } : {}),
    ...(q.amenities ? { amenities: q.amenities } : {}),
  });
