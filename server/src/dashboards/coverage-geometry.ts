// Coverage of an area by circles, on a grid. Pure (no database): platform/off-loop.ts runs it in a
// worker thread, so a district's tens of thousands of cells never hold the API's event loop.
import KDBush from 'kdbush';
import { around, distance } from 'geokdbush';

/** geokdbush's sphere (km): the grid is laid out on the same one, so metres agree. */
const EARTH_KM = 6371;
const M_PER_DEG_LAT = (EARTH_KM * 1000 * Math.PI) / 180;

/** A closed or open ring of [lng, lat] positions. */
export type Ring = [number, number][];

export interface CoverageInput {
  /** Straight-line reach of a station, metres. */
  radiusM: number;
  /** Wanted cell side, metres; grown so that the grid has at most `maxCells` cells. */
  cellM: number;
  maxCells: number;
  /** Most gap rectangles returned (largest first). */
  maxGapRects: number;
  /** The scope's outline(s): a cell is in the scope when its centre is inside any of them. */
  scope: Ring[];
  /** Parts of the scope (its streets), each cell counted in the first part holding its centre. */
  parts: { id: string; ring: Ring }[];
  /** The circles' centres (open 24-hour stations). */
  stations: { lng: number; lat: number }[];
  /** Points whose nearest station is wanted (communities). */
  points: { lng: number; lat: number }[];
}

export interface CoverageOutput {
  /** The cell side used (metres) and the grid's shape; null when there is no outline. */
  cellM: number | null;
  cells: number;
  coveredCells: number;
  parts: { id: string; cells: number; coveredCells: number }[];
  /** Uncovered cells merged into rectangles [west, south, east, north], largest first. */
  gaps: { rect: [number, number, number, number]; cells: number }[];
  gapCells: number;
  gapsTruncated: boolean;
  /** Per point: the index of the nearest station and its distance in metres (null: no stations). */
  nearest: { station: number | null; distanceM: number | null }[];
  /** Work time in the worker, ms. */
  ms: number;
}

/** The [from, to) column ranges of a row whose centres lie inside a ring (even-odd rule, one scanline). */
function spans(ring: Ring, lat: number, west: number, dLng: number, cols: number): [number, number][] {
  const xs: number[] = [];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[j]!;
    if (ay > lat !== by > lat) xs.push(ax + ((lat - ay) * (bx - ax)) / (by - ay));
  }
  xs.sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let k = 0; k + 1 < xs.length; k += 2) {
    // Centre of column i is west + (i + 0.5) dLng; inside when xs[k] <= centre < xs[k+1].
    const from = Math.max(0, Math.ceil((xs[k]! - west) / dLng - 0.5));
    const to = Math.min(cols, Math.ceil((xs[k + 1]! - west) / dLng - 0.5));
    if (to > from) out.push([from, to]);
  }
  return out;
}

/**
 * Samples the scope on a grid of square cells (a local equirectangular projection around the
 * scope's box: exact enough at a district's size, and a cell is a lng/lat rectangle), a cell
 * counting when its centre is inside the outline (scanline even-odd test) and covered when a
 * station lies within `radiusM` of its centre (KD-tree nearest search, kdbush + geokdbush).
 * The covered share's error is bounded by the cells the circles' edges cross: at most
 * (length of the coverage edge inside the scope) × cell × √2 in area.
 */
export function coverageGrid(input: CoverageInput): CoverageOutput {
  const started = performance.now();
  const index = new KDBush(Math.max(1, input.stations.length));
  for (const s of input.stations) index.add(s.lng, s.lat);
  index.finish();
  const has = input.stations.length > 0;
  const radiusKm = input.radiusM / 1000;

  const nearest = input.points.map((p) => {
    if (!has) return { station: null, distanceM: null };
    const [id] = around(index, p.lng, p.lat, 1);
    const s = input.stations[id!]!;
    return { station: id!, distanceM: distance(p.lng, p.lat, s.lng, s.lat) * 1000 };
  });

  const rings = input.scope.filter((r) => r.length >= 3);
  const empty: CoverageOutput = {
    cellM: null,
    cells: 0,
    coveredCells: 0,
    parts: input.parts.map((p) => ({ id: p.id, cells: 0, coveredCells: 0 })),
    gaps: [],
    gapCells: 0,
    gapsTruncated: false,
    nearest,
    ms: 0,
  };
  if (rings.length === 0) return { ...empty, ms: performance.now() - started };

  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (const r of rings)
    for (const [lng, lat] of r) {
      west = Math.min(west, lng);
      east = Math.max(east, lng);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  const mPerDegLng = M_PER_DEG_LAT * Math.cos((((south + north) / 2) * Math.PI) / 180);
  const widthM = (east - west) * mPerDegLng;
  const heightM = (north - south) * M_PER_DEG_LAT;
  let cellM = input.cellM;
  if (Math.ceil(widthM / cellM) * Math.ceil(heightM / cellM) > input.maxCells) {
    // Grow the cell (to whole metres) until the grid fits the bound.
    cellM = Math.ceil(Math.sqrt((widthM * heightM) / input.maxCells));
    while (Math.ceil(widthM / cellM) * Math.ceil(heightM / cellM) > input.maxCells) cellM++;
  }
  const cols = Math.max(1, Math.ceil(widthM / cellM - 1e-9));
  const rows = Math.max(1, Math.ceil(heightM / cellM - 1e-9));
  const dLng = cellM / mPerDegLng;
  const dLat = cellM / M_PER_DEG_LAT;

  const partCells = input.parts.map(() => 0);
  const partCovered = input.parts.map(() => 0);
  const inside = new Uint8Array(cols);
  const partOf = new Int32Array(cols);
  let cells = 0;
  let coveredCells = 0;
  let gapCells = 0;
  type Rect = { c0: number; c1: number; r0: number; r1: number };
  const done: Rect[] = [];
  let open = new Map<string, Rect>();
  let last = -1;

  for (let row = 0; row < rows; row++) {
    const lat = south + (row + 0.5) * dLat;
    inside.fill(0);
    partOf.fill(-1);
    for (const r of rings) for (const [a, b] of spans(r, lat, west, dLng, cols)) inside.fill(1, a, b);
    input.parts.forEach((p, k) => {
      for (const [a, b] of spans(p.ring, lat, west, dLng, cols))
        for (let c = a; c < b; c++) if (partOf[c] === -1) partOf[c] = k;
    });
    const next = new Map<string, Rect>();
    let runStart = -1;
    const closeRun = (end: number) => {
      const key = `${runStart}:${end}`;
      const prev = open.get(key);
      if (prev) {
        prev.r1 = row;
        open.delete(key);
        next.set(key, prev);
      } else next.set(key, { c0: runStart, c1: end, r0: row, r1: row });
      runStart = -1;
    };
    for (let c = 0; c < cols; c++) {
      let gap = false;
      if (inside[c]) {
        cells++;
        const lng = west + (c + 0.5) * dLng;
        // The station that covered the previous cell usually covers this one too: check it first.
        let covered = last >= 0 && distance(lng, lat, input.stations[last]!.lng, input.stations[last]!.lat) <= radiusKm;
        if (!covered && has) {
          const [hit] = around(index, lng, lat, 1, radiusKm);
          covered = hit !== undefined;
          if (covered) last = hit!;
        }
        const k = partOf[c]!;
        if (k >= 0) {
          partCells[k]!++;
          if (covered) partCovered[k]!++;
        }
        if (covered) coveredCells++;
        else {
          gapCells++;
          gap = true;
        }
      }
      if (gap && runStart < 0) runStart = c;
      if (!gap && runStart >= 0) closeRun(c);
    }
    if (runStart >= 0) closeRun(cols);
    for (const r of open.values()) done.push(r);
    open = next;
  }
  for (const r of open.values()) done.push(r);

  const size = (r: Rect) => (r.c1 - r.c0) * (r.r1 - r.r0 + 1);
  done.sort((a, b) => size(b) - size(a) || a.r0 - b.r0 || a.c0 - b.c0);
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const gaps = done.slice(0, input.maxGapRects).map((r) => ({
    rect: [
      round(west + r.c0 * dLng),
      round(south + r.r0 * dLat),
      round(west + r.c1 * dLng),
      round(south + (r.r1 + 1) * dLat),
    ] as [number, number, number, number],
    cells: size(r),
  }));

  return {
    cellM,
    cells,
    coveredCells,
    parts: input.parts.map((p, k) => ({ id: p.id, cells: partCells[k]!, coveredCells: partCovered[k]! })),
    gaps,
    gapCells,
    gapsTruncated: done.length > gaps.length,
    nearest,
    ms: performance.now() - started,
  };
}
