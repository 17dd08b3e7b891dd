import { communities, districts, streets } from '../../../server/src/db/schema/index.js';
import type { LngLat } from '../../../server/src/db/schema/types.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { createUser, getAs } from '../../fixtures/factories.js';
import { insertStation, week } from '../stations/support.js';

// A small world laid out in metres around an origin, turned into lng/lat on the sphere the
// coverage grid uses (6371 km), so the covered areas can be computed by hand:
//
//   district 甲 = [-4000, 4000] × [-3000, 3000] m (48 km²), street 甲一 its west half, 甲二 its east half.
//   ride: 15 min at 12 km/h with a detour factor of 2 → radius 1500 m; cells of 100 m (80 × 60).
//   S1 open 24 h at (-2000, 0) in 甲一: a whole disc inside 甲一.
//   S2 open 24 h at (4500, 0), district 乙: reaches 500 m into 甲二 (a circular segment).
//   S3 24 h but closed at (2000, 0); S4 open, not 24 h, at (2000, 2000): neither covers anything.
const LAT0 = 39.93;
const LNG0 = 116.45;
const M_PER_DEG_LAT = (6371000 * Math.PI) / 180;
const M_PER_DEG_LNG = M_PER_DEG_LAT * Math.cos((LAT0 * Math.PI) / 180);
const at = (x: number, y: number) => ({ lng: LNG0 + x / M_PER_DEG_LNG, lat: LAT0 + y / M_PER_DEG_LAT });
const rect = (w: number, s: number, e: number, n: number): LngLat[] => [at(w, s), at(e, s), at(e, n), at(w, n)];

const R = 1500;
const CELL = 100;
const DISC = Math.PI * R * R; // S1, all inside 甲一
const SEG_D = 500; // S2's circle reaches this far past the district's east edge
const SEGMENT = R * R * Math.acos(SEG_D / R) - SEG_D * Math.sqrt(R * R - SEG_D * SEG_D); // inside 甲二
// A cell is counted by its centre, so any misjudged area lies within half a cell diagonal of a
// circle's edge: |error| ≤ (edge length inside the area) × cell × √2.
const tolerance = (edgeM: number, areaM2: number) => (edgeM * CELL * Math.SQRT2) / areaM2;
const ARC1 = 2 * Math.PI * R;
const ARC2 = 2 * Math.acos(SEG_D / R) * R;

describe('数据看板 · 驿站覆盖', () => {
  let t: TestContext;
  const w: Record<string, { id: string; role: string }> = {};
  const id: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp({
      COVERAGE_RIDE_MINUTES: '15',
      COVERAGE_SPEED_KMH: '12',
      COVERAGE_DETOUR_FACTOR: '2',
      COVERAGE_CELL_M: String(CELL),
    });
    const db = t.db;
    const [dA] = await db
      .insert(districts)
      .values({ adcode: 'COV-A', name: '甲区', boundary: rect(-4000, -3000, 4000, 3000) })
      .returning();
    const [dB] = await db.insert(districts).values({ adcode: 'COV-B', name: '乙区', boundary: null }).returning();
    const street = async (districtId: string, code: string, name: string, boundary: LngLat[] | null) =>
      (await db.insert(streets).values({ districtId, code, name, boundary }).returning())[0]!;
    const a1 = await street(dA!.id, 'COV-A1', '甲一街道', rect(-4000, -3000, 0, 3000));
    const a2 = await street(dA!.id, 'COV-A2', '甲二街道', rect(0, -3000, 4000, 3000));
    const b1 = await street(dB!.id, 'COV-B1', '乙一街道', null);
    Object.assign(id, { dA: dA!.id, dB: dB!.id, a1: a1.id, a2: a2.id, b1: b1.id });
    const community = async (streetId: string, code: string, name: string, x: number, y: number, active = true) => {
      const [row] = await db
        .insert(communities)
        .values({ streetId, code, name, ...at(x, y), active })
        .returning();
      id[code] = row!.id;
    };
    await community(a1.id, 'C1', '近站小区', -2000, 1000); // 1000 m from S1
    await community(a1.id, 'C2', '西南角小区', -3800, -2900); // 3413 m from S1
    await community(a2.id, 'C3', '东边小区', 3500, 0); // 1000 m from S2
    await community(a2.id, 'C4', '中间小区', 1000, 0); // S3 is closed: 3000 m from S1
    await community(a2.id, 'C5', '停用小区', 3000, 0, false); // inactive: not counted
    await community(b1.id, 'C6', '乙区小区', 5000, 0); // another district
    const daytime = { is24h: false, weekly: week([{ open: '08:00', close: '20:00' }]), closures: [] };
    id.S1 = (
      await insertStation(db, {
        name: '甲一全时驿站',
        type: 'all_day',
        ...at(-2000, 0),
        districtId: dA!.id,
        streetId: a1.id,
        amenities: ['hot_water', 'charging'],
      })
    ).id;
    id.S2 = (await insertStation(db, { name: '乙区驿站', type: 'nuanxin', ...at(4500, 0), districtId: dB!.id })).id;
    await insertStation(db, {
      name: '关闭的驿站',
      type: 'nuanxin',
      ...at(2000, 0),
      districtId: dA!.id,
      streetId: a2.id,
      status: 'closed',
      amenities: ['hot_water'],
    });
    await insertStation(db, {
      name: '白天驿站',
      type: 'city',
      ...at(2000, 2000),
      districtId: dA!.id,
      streetId: a2.id,
      hours: daytime,
      amenities: ['charging'],
    });
    w.adminA = await createUser(db, 'district_admin', [{ kind: 'district', refId: dA!.id }], '甲区管理员');
    w.adminB = await createUser(db, 'district_admin', [{ kind: 'district', refId: dB!.id }], '乙区管理员');
    w.opA1 = await createUser(db, 'street_operator', [{ kind: 'street', refId: a1.id }], '甲一运营');
    w.rider = await createUser(db, 'rider', [], '王师傅');
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, user: { id: string; role: string }) => getAs(t.app, url, user);

  it('the district: communities and area within a 15-minute ride, street by street, the gaps', async () => {
    const res = await get('/api/v1/dashboards/stations', w.adminA!);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.scope).toEqual({ kind: 'district', id: id.dA, name: '甲区' });
    expect(d.districtId).toBe(id.dA);
    expect(d.ride).toEqual({ minutes: 15, speedKmh: 12, detourFactor: 2, radiusM: 1500 });
    expect(d.stations24h).toBe(2); // S1 and S2 (another district's, but it reaches in)
    expect(d.communities).toEqual({ total: 4, covered: 2, share: 0.5 });
    expect(d.uncovered.map((c: { name: string }) => c.name)).toEqual(['西南角小区', '中间小区']);
    const [c2, c4] = d.uncovered;
    expect(c2).toMatchObject({ communityId: id.C2, streetName: '甲一街道', nearestStationId: id.S1 });
    expect(c2.nearestStationName).toBe('甲一全时驿站');
    expect(Math.abs(c2.distanceM - Math.hypot(1800, 2900))).toBeLessThanOrEqual(3);
    expect(c4).toMatchObject({ communityId: id.C4, nearestStationId: id.S1 });
    expect(Math.abs(c4.distanceM - 3000)).toBeLessThanOrEqual(3);

    // 80 × 60 cells of 100 m, half in each street.
    expect(d.area).toMatchObject({ cellM: CELL, cells: 4800, areaKm2: 48 });
    const total = 8000 * 6000;
    expect(Math.abs(d.area.share - (DISC + SEGMENT) / total)).toBeLessThanOrEqual(tolerance(ARC1 + ARC2, total));
    expect(d.area.coveredKm2).toBeCloseTo((d.area.coveredCells * CELL * CELL) / 1e6, 6);
    const [s1, s2] = d.streets;
    expect(s1).toMatchObject({
      streetId: id.a1,
      communities: 2,
      coveredCommunities: 1,
      communityShare: 0.5,
      cells: 2400,
    });
    expect(s2).toMatchObject({
      streetId: id.a2,
      communities: 2,
      coveredCommunities: 1,
      communityShare: 0.5,
      cells: 2400,
    });
    const half = total / 2;
    expect(Math.abs(s1.areaShare - DISC / half)).toBeLessThanOrEqual(tolerance(ARC1, half));
    expect(Math.abs(s2.areaShare - SEGMENT / half)).toBeLessThanOrEqual(tolerance(ARC2, half));
    expect(s1.coveredCells + s2.coveredCells).toBe(d.area.coveredCells);

    // The gaps: rectangles of whole cells that add up to every uncovered cell, inside the district.
    expect(d.gaps.truncated).toBe(false);
    expect(d.gaps.cells).toBe(4800 - d.area.coveredCells);
    const sum = d.gaps.features.reduce((a: number, f: { properties: { cells: number } }) => a + f.properties.cells, 0);
    expect(sum).toBe(d.gaps.cells);
    const box = rect(-4000, -3000, 4000, 3000);
    for (const f of d.gaps.features) {
      const ring = f.geometry.coordinates[0] as [number, number][];
      expect(ring).toHaveLength(5);
      expect(ring[0]).toEqual(ring[4]);
      for (const [lng, lat] of ring) {
        expect(lng).toBeGreaterThanOrEqual(box[0]!.lng - 1e-6);
        expect(lng).toBeLessThanOrEqual(box[1]!.lng + 1e-6);
        expect(lat).toBeGreaterThanOrEqual(box[0]!.lat - 1e-6);
        expect(lat).toBeLessThanOrEqual(box[2]!.lat + 1e-6);
      }
    }
    // S1's disc is one hole: the cell at its centre is in no gap, a corner cell is.
    const inGap = (p: { lng: number; lat: number }) =>
      d.gaps.features.some((f: { geometry: { coordinates: number[][][] } }) => {
        const [[w0, s0], , [e0, n0]] = f.geometry.coordinates[0] as [[number, number], unknown, [number, number]];
        return p.lng > w0 && p.lng < e0 && p.lat > s0 && p.lat < n0;
      });
    expect(inGap(at(-1950, 50))).toBe(false);
    expect(inGap(at(-3950, -2950))).toBe(true);
    expect(inGap(at(3950, 50))).toBe(false); // S2 reaches across the edge

    // Stations of the district by type and amenity (S2 is another district's).
    expect(d.byType).toEqual([
      { type: 'all_day', total: 1, open: 1, closed: 0, open24h: 1 },
      { type: 'city', total: 1, open: 1, closed: 0, open24h: 0 },
      { type: 'nuanxin', total: 1, open: 0, closed: 1, open24h: 0 },
    ]);
    expect(d.byAmenity).toEqual([
      { amenity: 'charging', open: 2, closed: 0 },
      { amenity: 'hot_water', open: 1, closed: 1 },
    ]);
  });

  it('a street operator sees its street; the admin may narrow to one', async () => {
    const d = (await get('/api/v1/dashboards/stations', w.opA1!)).json();
    expect(d.scope).toEqual({ kind: 'street', id: id.a1, name: '甲一街道' });
    expect(d.communities).toEqual({ total: 2, covered: 1, share: 0.5 });
    expect(d.area.cells).toBe(2400);
    expect(Math.abs(d.area.share - DISC / total2400())).toBeLessThanOrEqual(tolerance(ARC1, total2400()));
    expect(d.streets).toHaveLength(1);
    expect(d.byType).toEqual([{ type: 'all_day', total: 1, open: 1, closed: 0, open24h: 1 }]);
    const one = (await get(`/api/v1/dashboards/stations?streetId=${id.a2}`, w.adminA!)).json();
    expect(one.scope).toMatchObject({ kind: 'street', id: id.a2 });
    expect(one.uncovered.map((c: { name: string }) => c.name)).toEqual(['中间小区']);
  });

  it('a district with no outline: communities only, no area', async () => {
    const d = (await get('/api/v1/dashboards/stations', w.adminB!)).json();
    expect(d.communities).toEqual({ total: 1, covered: 1, share: 1 }); // C6 is 500 m from S2
    expect(d.area).toBeNull();
    expect(d.gaps).toEqual({ type: 'FeatureCollection', features: [], cells: 0, truncated: false });
  });

  it('refuses other scopes and other roles', async () => {
    expectError(await get(`/api/v1/dashboards/stations?streetId=${id.a2}`, w.opA1!), 403, 'OUT_OF_SCOPE');
    expectError(await get(`/api/v1/dashboards/stations?streetId=${id.b1}`, w.adminA!), 403, 'OUT_OF_SCOPE');
    expectError(await get('/api/v1/dashboards/stations', w.rider!), 403, 'FORBIDDEN');
    expectError(await get('/api/v1/dashboards/stations.csv?table=streets', w.rider!), 403, 'FORBIDDEN');
    expect((await get('/api/v1/dashboards/stations.csv?table=nope', w.adminA!)).statusCode).toBe(400);
  });

  it('exports each table as CSV', async () => {
    const d = (await get('/api/v1/dashboards/stations', w.adminA!)).json();
    const streetsCsv = await get('/api/v1/dashboards/stations.csv?table=streets', w.adminA!);
    expect(streetsCsv.headers['content-type']).toMatch(/^text\/csv/);
    expect(streetsCsv.headers['content-disposition']).toBe('attachment; filename="stations-streets.csv"');
    const lines = streetsCsv.body.split('\r\n');
    expect(lines[0]).toBe('\ufeff"街道","社区","覆盖社区","社区覆盖率（%）","网格数","覆盖网格数","面积覆盖率（%）"');
    const s1 = d.streets[0];
    expect(lines[1]).toBe(
      `"甲一街道","2","1","50","2400","${s1.coveredCells}","${Math.round(s1.areaShare * 1000) / 10}"`,
    );
    const uncovered = (await get('/api/v1/dashboards/stations.csv?table=uncovered', w.adminA!)).body.split('\r\n');
    expect(uncovered[1]).toMatch(/^"西南角小区","甲一街道","[\d.]+","[\d.]+","甲一全时驿站","\d+"$/);
    expect(uncovered[1]!.endsWith(`,"${d.uncovered[0].distanceM}"`)).toBe(true);
    const types = (await get('/api/v1/dashboards/stations.csv?table=types', w.adminA!)).body;
    expect(types).toBe(
      '\ufeff"类型","合计","开放","关闭","开放且24小时"\r\n"全时驿站","1","1","0","1"\r\n"城市驿站","1","1","0","0"\r\n"暖新驿站","1","0","1","0"\r\n',
    );
    const amenities = (await get('/api/v1/dashboards/stations.csv?table=amenities', w.opA1!)).body;
    expect(amenities).toBe('\ufeff"设施","开放驿站","关闭驿站"\r\n"充电","1","0"\r\n"热水","1","0"\r\n');
  });
});

function total2400() {
  return 4000 * 6000;
}
