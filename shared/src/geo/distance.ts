// Great-circle distance (haversine). Pure, no imports: client-safe.

/** Mean Earth radius (IUGG). */
export const MEAN_EARTH_RADIUS_M = 6371008.8;
/** The sphere of PostgreSQL's earthdistance (`earth()`): use it where a distance must agree with SQL. */
export const EARTHDISTANCE_RADIUS_M = 6378168;

export function greatCircleMetres(
  a: { lat: number; lng: number },
  b: { lat: number; lng: number },
  radiusM: number = MEAN_EARTH_RADIUS_M,
): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * radiusM * Math.asin(Math.min(1, Math.sqrt(h)));
}
