import { and, eq, inArray } from 'drizzle-orm';
import { streets } from '../db/schema/index.js';
import type { LngLat } from '../db/schema/types.js';
import type { Acting } from '../auth/index.js';
import { badRequest, forbidden } from '../platform/app-error.js';
import type { GeoContext } from './context.js';

type Position = [number, number, ...number[]];
export interface Feature {
  type: 'Feature';
  properties?: Record<string, unknown> | null;
  geometry?:
    { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] } | null;
}

/**
 * The outer ring of a (Multi)Polygon. PostgreSQL's `polygon` holds one ring, which is what "which
 * street covers this point" needs; for a MultiPolygon the largest part is kept, holes are ignored.
 */
export function outerRing(geometry: NonNullable<Feature['geometry']>): LngLat[] {
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

/** Whether segments p1p2 and p3p4 cross or touch (orientation test, collinear overlaps included). */
function segmentsMeet(p1: LngLat, p2: LngLat, p3: LngLat, p4: LngLat): boolean {
  const cross = (a: LngLat, b: LngLat, c: LngLat) =>
    (b.lng - a.lng) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lng - a.lng);
  const onSegment = (a: LngLat, b: LngLat, c: LngLat) =>
    Math.min(a.lng, b.lng) <= c.lng &&
    c.lng <= Math.max(a.lng, b.lng) &&
    Math.min(a.lat, b.lat) <= c.lat &&
    c.lat <= Math.max(a.lat, b.lat);
  const d1 = cross(p3, p4, p1);
  const d2 = cross(p3, p4, p2);
  const d3 = cross(p1, p2, p3);
  const d4 = cross(p1, p2, p4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(p3, p4, p1)) ||
    (d2 === 0 && onSegment(p3, p4, p2)) ||
    (d3 === 0 && onSegment(p1, p2, p3)) ||
    (d4 === 0 && onSegment(p1, p2, p4))
  );
}

/** Largest ring checked for self-intersection (the check is quadratic; real 街道 rings are far smaller). */
const MAX_RING_POINTS = 20_000;

/**
 * A ring the `@>` routing can trust: at least 3 distinct points, a non-zero area, and no edge
 * crossing another (a bow-tie would route points to the wrong street without any error).
 */
export function ringProblem(ring: LngLat[]): string | null {
  if (ring.length < 3) return '少于 3 个点';
  if (ring.length > MAX_RING_POINTS) return `点数超过 ${MAX_RING_POINTS}`;
  let area = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    area += a.lng * b.lat - b.lng * a.lat;
  }
  if (Math.abs(area) < 1e-12) return '面积为 0';
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the closing edge shares the first point
      if (segmentsMeet(ring[i]!, ring[(i + 1) % n]!, ring[j]!, ring[(j + 1) % n]!)) return '边界自相交';
    }
  }
  return null;
}

export interface ImportStreetsOptions {
  /** Only streets of these districts may change (the API passes the admin's districts). */
  districtIds?: string[];
  /** Any code that matches no (permitted) street refuses the whole file instead of being listed. */
  strict?: boolean;
  /** Validate and match, change nothing. */
  dryRun?: boolean;
}

export interface ImportStreetsResult {
  updated: number;
  unknownCodes: string[];
  streets: { code: string; name: string; points: number }[];
}

/**
 * Sets street boundaries from a GeoJSON FeatureCollection (GCJ-02), matching features to streets by
 * `properties.code` (the 街道 code). Every feature is validated before anything is written, then
 * one transaction: a bad feature changes nothing. Reports already filed keep the street they were
 * routed to; only new reports follow the new boundaries.
 */
export async function importStreetBoundaries(
  ctx: GeoContext,
  input: { geojson: unknown } & ImportStreetsOptions,
): Promise<ImportStreetsResult> {
  const opts = input;
  const fc = input.geojson as { type?: string; features?: Feature[] };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw badRequest('IMPORT_FILE_INVALID', 'GeoJSON 必须是 FeatureCollection');
  if (fc.features.length === 0) throw badRequest('IMPORT_FILE_INVALID', 'GeoJSON 里没有要素');
  const seen = new Set<string>();
  const parsed = fc.features.map((f, i) => {
    const code = f?.properties?.code;
    if (typeof code !== 'string' || !f.geometry || !['Polygon', 'MultiPolygon'].includes(f.geometry.type)) {
      throw badRequest('IMPORT_FILE_INVALID', `第 ${i + 1} 个要素缺少 properties.code 或不是面`);
    }
    if (seen.has(code)) throw badRequest('IMPORT_FILE_INVALID', `街道编号 ${code} 出现了两次`);
    seen.add(code);
    if (!Array.isArray(f.geometry.coordinates))
      throw badRequest('IMPORT_FILE_INVALID', `第 ${i + 1} 个要素的坐标不正确`);
    const ring = outerRing(f.geometry);
    if (
      ring.some(
        (p) =>
          typeof p.lng !== 'number' ||
          typeof p.lat !== 'number' ||
          !Number.isFinite(p.lng) ||
          !Number.isFinite(p.lat) ||
          Math.abs(p.lat) > 90 ||
          Math.abs(p.lng) > 180,
      )
    ) {
      throw badRequest('IMPORT_FILE_INVALID', `第 ${i + 1} 个要素的坐标不正确`);
    }
    const problem = ringProblem(ring);
    if (problem) throw badRequest('BOUNDARY_INVALID', `街道 ${code} 的边界不正确：${problem}`);
    return { code, ring };
  });
  return ctx.db.transaction(async (tx) => {
    const result: ImportStreetsResult = { updated: 0, unknownCodes: [], streets: [] };
    for (const { code, ring } of parsed) {
      const where = opts.districtIds
        ? and(eq(streets.code, code), inArray(streets.districtId, opts.districtIds))
        : eq(streets.code, code);
      // Locked so two uploads of the same street apply one after the other.
      const [street] = await tx.select({ id: streets.id, name: streets.name }).from(streets).where(where).for('update');
      if (!street) {
        result.unknownCodes.push(code);
        continue;
      }
      if (!opts.dryRun) await tx.update(streets).set({ boundary: ring }).where(eq(streets.id, street.id));
      result.updated++;
      result.streets.push({ code, name: street.name, points: ring.length });
    }
    if (opts.strict && result.unknownCodes.length > 0) {
      throw badRequest(
        'STREET_CODE_UNKNOWN',
        `没有这些街道，或不归你管理：${result.unknownCodes.slice(0, 20).join('、')}`,
      );
    }
    if (opts.dryRun) result.updated = 0;
    return result;
  });
}

/**
 * A district admin's boundary upload (the GeoJSON file's text): only streets of its own districts,
 * and every code must match one (strict), so a typo never passes as "0 updated".
 */
export async function uploadStreetBoundaries(
  ctx: Acting<GeoContext>,
  input: { content: string; dryRun?: boolean },
): Promise<{ dryRun: boolean; updated: number; streets: ImportStreetsResult['streets'] }> {
  if (ctx.actor.districtIds.length === 0) throw forbidden('OUT_OF_SCOPE');
  let geojson: unknown;
  try {
    geojson = JSON.parse(input.content.replace(/^\uFEFF/, ''));
  } catch {
    throw badRequest('IMPORT_FILE_INVALID', '文件不是有效的 GeoJSON（JSON 格式错误）', 'content');
  }
  const dryRun = input.dryRun ?? false;
  const result = await importStreetBoundaries(ctx, {
    geojson,
    districtIds: ctx.actor.districtIds,
    strict: true,
    dryRun,
  });
  return { dryRun, updated: result.updated, streets: result.streets };
}
