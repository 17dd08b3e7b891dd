import { and, eq, inArray } from 'drizzle-orm';
import { streets } from '../db/schema/index.js';
import type { LngLat } from '../db/schema/types.js';
import type { Acting } from '../auth/index.js';
import { AppError, badRequest, forbidden } from '../platform/app-error.js';
import { TaskCrashed, TaskTimedOut } from '../platform/off-loop.js';
import type { GeoContext } from './context.js';

export { ringProblem } from './ring-check.js';

type Position = [number, number, ...number[]];
export interface Feature {
  type: 'Feature';
  properties?: Record<string, unknown> | null;
  geometry?:
    { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] } | null;
}

/** Most points in one ring: real 街道 rings have a few thousand; beyond is refused unread (413). */
export const MAX_RING_POINTS = 50_000;
/** Most points in one file, all rings together (413). */
export const MAX_FILE_POINTS = 200_000;
/** Most features in one file (a district has tens of streets, a city a few thousand). */
export const MAX_FEATURES = 5_000;

/**
 * The outer ring of a (Multi)Polygon. PostgreSQL's `polygon` holds one ring, which is what "which
 * street covers this point" needs; for a MultiPolygon the largest part is kept, holes are ignored.
 * The geometry's shape must have been checked (checkedRing does).
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

const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) &&
  p.length >= 2 &&
  typeof p[0] === 'number' &&
  typeof p[1] === 'number' &&
  Number.isFinite(p[0]) &&
  Number.isFinite(p[1]) &&
  Math.abs(p[0]) <= 180 &&
  Math.abs(p[1]) <= 90;

/**
 * The cheap checks of one feature's geometry, one pass, no geometry yet: rings are arrays of
 * [lng, lat] pairs within range, no ring over MAX_RING_POINTS. Returns its outer ring and how many
 * points the feature holds (for the file's cap). `name` is how the error names the feature.
 */
export function checkedRing(geometry: unknown, name: string, field = 'content'): { ring: LngLat[]; points: number } {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates))
    throw badRequest('IMPORT_FILE_INVALID', `${name}不是面（Polygon/MultiPolygon）`, field);
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  let points = 0;
  for (const polygon of polygons) {
    if (!Array.isArray(polygon)) throw badRequest('IMPORT_FILE_INVALID', `${name}的坐标不正确`, field);
    for (const ring of polygon) {
      if (!Array.isArray(ring)) throw badRequest('IMPORT_FILE_INVALID', `${name}的坐标不正确`, field);
      if (ring.length > MAX_RING_POINTS)
        throw new AppError(
          413,
          'BOUNDARY_TOO_LARGE',
          `${name}的边界有 ${ring.length} 个点，超过上限 ${MAX_RING_POINTS}，请简化后再上传`,
          field,
        );
      points += ring.length;
    }
  }
  // Outer rings (one is kept and stored): every point a [lng, lat] of numbers in range.
  for (const polygon of polygons as unknown[][]) {
    const outer = polygon[0];
    if (outer !== undefined && !(outer as unknown[]).every(isPosition))
      throw badRequest('IMPORT_FILE_INVALID', `${name}的坐标不正确（应为经度、纬度数字，在范围内）`, field);
  }
  return { ring: outerRing(g as NonNullable<Feature['geometry']>), points };
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

/** The features of a FeatureCollection, each with its code and outer ring: the cheap checks only. */
function readFeatures(geojson: unknown): { code: string; ring: LngLat[] }[] {
  const fc = geojson as { type?: string; features?: Feature[] } | null;
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw badRequest('IMPORT_FILE_INVALID', 'GeoJSON 必须是 FeatureCollection', 'content');
  if (fc.features.length === 0) throw badRequest('IMPORT_FILE_INVALID', 'GeoJSON 里没有要素', 'content');
  if (fc.features.length > MAX_FEATURES)
    throw new AppError(
      413,
      'BOUNDARY_TOO_LARGE',
      `文件有 ${fc.features.length} 个要素，超过上限 ${MAX_FEATURES}，请分批上传`,
      'content',
    );
  const seen = new Set<string>();
  let total = 0;
  return fc.features.map((f, i) => {
    const code = f?.properties?.code;
    if (typeof code !== 'string' || code === '' || !f.geometry)
      throw badRequest('IMPORT_FILE_INVALID', `第 ${i + 1} 个要素缺少 properties.code 或不是面`, 'content');
    if (seen.has(code)) throw badRequest('IMPORT_FILE_INVALID', `街道编号 ${code} 出现了两次`, 'content');
    seen.add(code);
    const { ring, points } = checkedRing(f.geometry, `街道 ${code} `);
    total += points;
    if (total > MAX_FILE_POINTS)
      throw new AppError(
        413,
        'BOUNDARY_TOO_LARGE',
        `文件中的边界点数合计超过上限 ${MAX_FILE_POINTS}（到街道 ${code} 为止），请分批上传`,
        'content',
      );
    return { code, ring };
  });
}

const CHECK_RING_URL = new URL('./ring-check.ts', import.meta.url);

/**
 * The geometry checks of each ring (ring-check.ts), in a worker thread: the event loop keeps
 * answering meanwhile. The whole file has `ctx.config.geometryTimeoutMs` of work; a ring still
 * being checked then is refused (422 GEOMETRY_TOO_COMPLEX, naming the street) and its worker stopped.
 */
async function checkGeometry(ctx: GeoContext, features: { code: string; ring: LngLat[] }[]): Promise<void> {
  // Work time (not the clock of the use case): the worker measures from when it starts a ring.
  const budget = { remainingMs: ctx.config.geometryTimeoutMs };
  for (const { code, ring } of features) {
    let problem: string | null;
    try {
      problem = await ctx.offLoop.run<string | null>(CHECK_RING_URL, 'checkRing', { ring }, { budget });
    } catch (err) {
      if (err instanceof TaskTimedOut || err instanceof TaskCrashed)
        throw new AppError(
          422,
          'GEOMETRY_TOO_COMPLEX',
          `街道 ${code} 的边界太复杂，无法在限定时间内检查，请简化（减少点数）后再上传`,
          'content',
        );
      throw err;
    }
    if (problem) throw badRequest('BOUNDARY_INVALID', `街道 ${code} 的边界不正确：${problem}`, 'content');
  }
}

/**
 * Sets street boundaries from a GeoJSON FeatureCollection (GCJ-02), matching features to streets by
 * `properties.code` (the 街道 code). Cheap checks first (the file's shape, codes, point counts and
 * coordinate ranges, then which codes match a permitted street: with `strict`, an unknown one is
 * refused before any geometry), then the geometry of the matched rings off the event loop, then
 * one transaction: a bad feature changes nothing. Reports already filed keep the street they were
 * routed to; only new reports follow the new boundaries.
 */
export async function importStreetBoundaries(
  ctx: GeoContext,
  input: { geojson: unknown } & ImportStreetsOptions,
): Promise<ImportStreetsResult> {
  const opts = input;
  const features = readFeatures(input.geojson);
  const permitted = (codes: string[]) =>
    opts.districtIds
      ? and(inArray(streets.code, codes), inArray(streets.districtId, opts.districtIds))
      : inArray(streets.code, codes);
  const known = new Set(
    (
      await ctx.db
        .select({ code: streets.code })
        .from(streets)
        .where(permitted(features.map((f) => f.code)))
    ).map((s) => s.code),
  );
  const unknownCodes = features.filter((f) => !known.has(f.code)).map((f) => f.code);
  const refuseUnknown = (codes: string[]) =>
    badRequest('STREET_CODE_UNKNOWN', `没有这些街道，或不归你管理：${codes.slice(0, 20).join('、')}`, 'content');
  if (opts.strict && unknownCodes.length > 0) throw refuseUnknown(unknownCodes);
  const matched = features.filter((f) => known.has(f.code));
  await checkGeometry(ctx, matched);

  return ctx.db.transaction(async (tx) => {
    const result: ImportStreetsResult = { updated: 0, unknownCodes, streets: [] };
    for (const { code, ring } of matched) {
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
    if (opts.strict && result.unknownCodes.length > 0) throw refuseUnknown(result.unknownCodes);
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
