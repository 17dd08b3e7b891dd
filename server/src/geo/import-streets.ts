import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { streets } from '../db/schema/index.js';
import type { LngLat } from '../db/schema/types.js';
import { badRequest } from '../errors/app-error.js';

type Position = [number, number, ...number[]];
interface Feature {
  type: 'Feature';
  properties?: Record<string, unknown> | null;
  geometry?:
    { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] } | null;
}

/**
 * The outer ring of a (Multi)Polygon. PostgreSQL's `polygon` holds one ring, which is what "which
 * street covers this point" needs; for a MultiPolygon the largest part is kept, holes are ignored.
 */
function outerRing(geometry: NonNullable<Feature['geometry']>): LngLat[] {
  const rings =
    geometry.type === 'Polygon' ? [geometry.coordinates[0] ?? []] : geometry.coordinates.map((p) => p[0] ?? []);
  const largest = rings.reduce((a, b) => (b.length > a.length ? b : a), [] as Position[]);
  const ring = largest.map(([lng, lat]) => ({ lng, lat }));
  // GeoJSON closes rings by repeating the first point; `polygon` closes them implicitly.
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && ring.length > 1 && first.lng === last.lng && first.lat === last.lat) ring.pop();
  return ring;
}

/**
 * Sets street boundaries from a GeoJSON FeatureCollection (GCJ-02), matching features to streets by
 * `properties.code` (the 街道 code). One transaction: a bad feature changes nothing.
 */
export async function importStreetBoundaries(
  db: Db,
  geojson: unknown,
): Promise<{ updated: number; unknownCodes: string[] }> {
  const fc = geojson as { type?: string; features?: Feature[] };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw badRequest('IMPORT_FILE_INVALID', 'GeoJSON 必须是 FeatureCollection');
  const parsed = fc.features.map((f, i) => {
    const code = f.properties?.code;
    if (typeof code !== 'string' || !f.geometry || !['Polygon', 'MultiPolygon'].includes(f.geometry.type)) {
      throw badRequest('IMPORT_FILE_INVALID', `第 ${i + 1} 个要素缺少 properties.code 或不是面`);
    }
    const ring = outerRing(f.geometry);
    if (
      ring.length < 3 ||
      ring.some(
        (p) => !Number.isFinite(p.lng) || !Number.isFinite(p.lat) || Math.abs(p.lat) > 90 || Math.abs(p.lng) > 180,
      )
    ) {
      throw badRequest('IMPORT_FILE_INVALID', `第 ${i + 1} 个要素的坐标不正确`);
    }
    return { code, ring };
  });
  return db.transaction(async (tx) => {
    let updated = 0;
    const unknownCodes: string[] = [];
    for (const { code, ring } of parsed) {
      const rows = await tx
        .update(streets)
        .set({ boundary: ring })
        .where(eq(streets.code, code))
        .returning({ id: streets.id });
      if (rows.length === 0) unknownCodes.push(code);
      updated += rows.length;
    }
    return { updated, unknownCodes };
  });
}
