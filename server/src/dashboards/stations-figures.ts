import { and, asc, eq, sql } from 'drizzle-orm';
import type { StationsDashboard, StationsDashboardQuery } from '@nuanxin/shared/dashboards/schemas';
import type { Acting } from '../auth/index.js';
import { rowsOf } from '../db/client.js';
import { districts, streets } from '../db/schema/index.js';
import type { LngLat } from '../db/schema/types.js';
import { AppError } from '../platform/app-error.js';
import { TaskCrashed, TaskTimedOut } from '../platform/off-loop.js';
import type { DashboardsContext } from './context.js';
import type { CoverageInput, CoverageOutput, Ring } from './coverage-geometry.js';
import { int, resolveScope } from './scope.js';

const GEOMETRY_URL = new URL('./coverage-geometry.ts', import.meta.url);
/** Gap rectangles returned at most (each ~100 bytes of JSON): bounds the payload to ~100 KB. */
export const MAX_GAP_RECTS = 1000;
/** Stations that can reach into the scope lie within the radius of its box; farther ones only give distances. */
const NEAREST_MARGIN_DEG = 0.3; // ~33 km north-south, ~25 km east-west at Beijing

const ringOf = (points: LngLat[] | null | undefined): Ring => (points ?? []).map((p) => [p.lng, p.lat]);
const share = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10000) / 10000);

/**
 * 驿站覆盖 of a street or a district now: which active communities (and how much of the area) lie
 * within a ride of an open 24-hour station, the uncovered communities with their nearest such
 * station, the gaps as rectangles for the map, and the scope's stations by type and amenity.
 * The grid runs in a worker thread (coverage-geometry.ts), capped by GEOMETRY_TIMEOUT_MS.
 */
export async function stationsDashboard(
  ctx: Acting<DashboardsContext>,
  q: StationsDashboardQuery,
): Promise<StationsDashboard> {
  const scope = await resolveScope(ctx, q.streetId);
  const { db } = ctx;
  const cfg = ctx.coverage;
  const radiusM = Math.round(((cfg.rideMinutes / 60) * cfg.speedKmh * 1000) / cfg.detourFactor);

  const streetRows = await db
    .select({ id: streets.id, name: streets.name, boundary: streets.boundary })
    .from(streets)
    .where(
      scope.kind === 'street'
        ? eq(streets.id, scope.id)
        : and(eq(streets.districtId, scope.id), eq(streets.active, true)),
    )
    .orderBy(asc(streets.code), asc(streets.name));
  let outline: Ring[] = [];
  if (scope.kind === 'district') {
    const [d] = await db.select({ boundary: districts.boundary }).from(districts).where(eq(districts.id, scope.id));
    if (d?.boundary?.length) outline = [ringOf(d.boundary)];
  }
  // A street, or a district without an outline of its own: the streets' outlines.
  if (outline.length === 0) outline = streetRows.filter((s) => s.boundary?.length).map((s) => ringOf(s.boundary));

  const scopeSql = scope.kind === 'street' ? sql`c.street_id = ${scope.id}` : sql`s.district_id = ${scope.id}`;
  const communityRows = rowsOf<{
    id: string;
    name: string;
    street_id: string;
    street_name: string;
    lat: number;
    lng: number;
  }>(
    await db.execute(sql`
      select c.id, c.name, c.street_id, s.name as street_name, c.lat, c.lng
      from communities c join streets s on s.id = c.street_id
      where c.active and ${scopeSql} order by s.code, c.code, c.id`),
  );

  // Open 24-hour stations in or near the scope's box (whatever district they belong to).
  const pts = [...outline.flat(), ...communityRows.map((c) => [Number(c.lng), Number(c.lat)] as [number, number])];
  const lats = pts.map((p) => p[1]);
  const lngs = pts.map((p) => p[0]);
  const stationRows =
    pts.length === 0
      ? []
      : rowsOf<{ id: string; name: string; lat: number; lng: number }>(
          await db.execute(sql`
            select id, name, lat, lng from stations
            where is_24h and status = 'open'
              and lat between ${Math.min(...lats) - NEAREST_MARGIN_DEG} and ${Math.max(...lats) + NEAREST_MARGIN_DEG}
              and lng between ${Math.min(...lngs) - NEAREST_MARGIN_DEG} and ${Math.max(...lngs) + NEAREST_MARGIN_DEG}
            order by id`),
        );

  const input: CoverageInput = {
    radiusM,
    cellM: cfg.cellM,
    maxCells: cfg.maxCells,
    maxGapRects: MAX_GAP_RECTS,
    scope: outline,
    parts: streetRows.filter((s) => s.boundary?.length).map((s) => ({ id: s.id, ring: ringOf(s.boundary) })),
    stations: stationRows.map((s) => ({ lng: Number(s.lng), lat: Number(s.lat) })),
    points: communityRows.map((c) => ({ lng: Number(c.lng), lat: Number(c.lat) })),
  };
  let grid: CoverageOutput;
  try {
    grid = await ctx.offLoop.run<CoverageOutput>(GEOMETRY_URL, 'coverageGrid', input, { timeoutMs: cfg.timeoutMs });
  } catch (err) {
    if (err instanceof TaskTimedOut || err instanceof TaskCrashed)
      throw new AppError(503, 'SERVICE_UNAVAILABLE', '覆盖范围计算超时，请稍后再试');
    throw err;
  }

  const isCovered = (i: number) => grid.nearest[i]!.distanceM !== null && grid.nearest[i]!.distanceM! <= radiusM;
  const uncovered = communityRows
    .map((c, i) => ({ c, i }))
    .filter(({ i }) => !isCovered(i))
    .map(({ c, i }) => {
      const n = grid.nearest[i]!;
      const st = n.station === null ? null : stationRows[n.station]!;
      return {
        communityId: c.id,
        name: c.name,
        streetName: c.street_name,
        lat: Number(c.lat),
        lng: Number(c.lng),
        nearestStationId: st?.id ?? null,
        nearestStationName: st?.name ?? null,
        distanceM: n.distanceM === null ? null : Math.round(n.distanceM),
      };
    })
    .sort((a, b) => (b.distanceM ?? Infinity) - (a.distanceM ?? Infinity) || a.name.localeCompare(b.name));
  const coveredCount = communityRows.length - uncovered.length;

  const cellKm2 = grid.cellM === null ? 0 : (grid.cellM / 1000) ** 2;
  const km2 = (cells: number) => Math.round(cells * cellKm2 * 1000) / 1000;
  const gridParts = new Map(grid.parts.map((p) => [p.id, p]));
  const streetsOut = streetRows.map((s) => {
    const mine = communityRows.map((c, i) => ({ c, i })).filter(({ c }) => c.street_id === s.id);
    const covered = mine.filter(({ i }) => isCovered(i)).length;
    const g = gridParts.get(s.id);
    return {
      streetId: s.id,
      name: s.name,
      communities: mine.length,
      coveredCommunities: covered,
      communityShare: share(covered, mine.length),
      cells: g?.cells ?? 0,
      coveredCells: g?.coveredCells ?? 0,
      areaShare: g ? share(g.coveredCells, g.cells) : null,
    };
  });

  const stationScope = scope.kind === 'street' ? sql`st.street_id = ${scope.id}` : sql`st.district_id = ${scope.id}`;
  const byType = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select st.type, count(*)::int as total, count(*) filter (where st.status = 'open')::int as open,
        count(*) filter (where st.status = 'closed')::int as closed,
        count(*) filter (where st.status = 'open' and st.is_24h)::int as open24h
      from stations st where ${stationScope} group by st.type order by count(*) desc, st.type`),
  ).map((r) => ({
    type: String(r.type),
    total: int(r.total),
    open: int(r.open),
    closed: int(r.closed),
    open24h: int(r.open24h),
  }));
  const byAmenity = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select a.amenity, count(*) filter (where st.status = 'open')::int as open,
        count(*) filter (where st.status = 'closed')::int as closed
      from stations st cross join lateral unnest(st.amenities) as a(amenity)
      where ${stationScope} group by a.amenity order by count(*) desc, a.amenity`),
  ).map((r) => ({ amenity: String(r.amenity), open: int(r.open), closed: int(r.closed) }));

  return {
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    districtId: scope.districtId,
    ride: { minutes: cfg.rideMinutes, speedKmh: cfg.speedKmh, detourFactor: cfg.detourFactor, radiusM },
    stations24h: stationRows.length,
    communities: {
      total: communityRows.length,
      covered: coveredCount,
      share: share(coveredCount, communityRows.length),
    },
    uncovered,
    area:
      grid.cellM === null
        ? null
        : {
            cellM: grid.cellM,
            cells: grid.cells,
            coveredCells: grid.coveredCells,
            areaKm2: km2(grid.cells),
            coveredKm2: km2(grid.coveredCells),
            share: share(grid.coveredCells, grid.cells),
          },
    streets: streetsOut,
    gaps: {
      type: 'FeatureCollection',
      features: grid.gaps.map(({ rect: [w, s, e, n], cells }) => ({
        type: 'Feature' as const,
        geometry: {
          type: 'Polygon' as const,
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
        properties: { cells },
      })),
      cells: grid.gapCells,
      truncated: grid.gapsTruncated,
    },
    byType,
    byAmenity,
  };
}
