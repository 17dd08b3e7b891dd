import { customType } from 'drizzle-orm/pg-core';

export interface LngLat {
  lng: number;
  lat: number;
}

/**
 * PostgreSQL's built-in `polygon` (x = longitude, y = latitude, GCJ-02). It runs on both PGlite
 * and PostgreSQL, unlike PostGIS; `polygon @> point` answers "which street covers this spot".
 */
export const polygon = customType<{ data: LngLat[]; driverData: string }>({
  dataType: () => 'polygon',
  toDriver: (ring) => `(${ring.map((p) => `(${p.lng},${p.lat})`).join(',')})`,
  fromDriver: (raw) => {
    const numbers = raw.match(/-?\d+(\.\d+)?(e-?\d+)?/gi)?.map(Number) ?? [];
    const ring: LngLat[] = [];
    for (let i = 0; i + 1 < numbers.length; i += 2) ring.push({ lng: numbers[i]!, lat: numbers[i + 1]! });
    return ring;
  },
});
