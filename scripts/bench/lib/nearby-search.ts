// The query of bench/stations-nearby.ts, shared by its checks (that process) and its timed rounds
// (bench/lib/nearby-rounds.ts, a process of its own): the route's use case, nearbyStations.
import type { Db } from '@nuanxin/server/db/client';
import { nearbyStations } from '@nuanxin/server/stations/nearby';
import type { Amenity, StationType } from '@nuanxin/shared/stations/constants';

export interface NearbyBenchQuery {
  lat: number;
  lng: number;
  types?: StationType[];
  amenities?: Amenity[];
}

export const searchNearby = (db: Db, q: NearbyBenchQuery, radiusM: number, limit: number) =>
  nearbyStations(db, {
    lat: q.lat,
    lng: q.lng,
    radius: radiusM,
    limit,
    ...(q.types ? { types: q.types } : {}),
    ...(q.amenities ? { amenities: q.amenities } : {}),
  });
