// The geometry checks of a boundary ring. Pure: the boundary upload runs `checkRing` in a worker
// thread (platform/off-loop.ts), so this file loads nothing but the sweep-line library.
import sweepline from 'sweepline-intersections';
import type { LngLat } from '../db/schema/types.js';

// The package's CommonJS build exports the function itself; its types call it `default`.
const sweeplineIntersections = sweepline as unknown as typeof sweepline.default;

/**
 * The checks that take one pass over the ring: at least 3 points, no point twice (a ring that
 * comes back to a vertex pinches itself), a non-zero area.
 */
export function ringShapeProblem(ring: LngLat[]): string | null {
  if (ring.length < 3) return '少于 3 个点';
  const seen = new Set<string>();
  for (const p of ring) {
    const key = `${p.lng},${p.lat}`;
    if (seen.has(key)) return '有重复的点（边界回到了同一个点）';
    seen.add(key);
  }
  let area = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    area += a.lng * b.lat - b.lng * a.lat;
  }
  if (Math.abs(area) < 1e-12) return '面积为 0';
  return null;
}

/**
 * Whether two edges of the ring cross or touch, by a sweep line (sweepline-intersections): edges
 * are compared only with those overlapping them along the sweep, not every edge with every other.
 * Edges that share a point are not compared (neighbours); ringShapeProblem refuses a repeated point.
 */
export function ringCrosses(ring: LngLat[]): boolean {
  const coordinates = ring.map((p) => [p.lng, p.lat]);
  coordinates.push(coordinates[0]!);
  const feature = {
    type: 'Feature' as const,
    properties: {},
    geometry: { type: 'Polygon' as const, coordinates: [coordinates] },
  };
  return sweeplineIntersections(feature, false).length > 0;
}

/**
 * A ring the `@>` routing can trust: at least 3 distinct points, a non-zero area, and no edge
 * crossing another (a bow-tie would route points to the wrong street without any error).
 */
export function ringProblem(ring: LngLat[]): string | null {
  return ringShapeProblem(ring) ?? (ringCrosses(ring) ? '边界自相交' : null);
}

/** The worker task of a boundary upload: one ring's problem, or null. */
export function checkRing(input: { ring: LngLat[] }): string | null {
  return ringProblem(input.ring);
}
