import { sql } from 'drizzle-orm';
import { AMENITIES, STATION_TYPES } from '@nuanxin/shared/stations/constants';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createDistrict, createUser } from '../../fixtures/factories.js';
import { rowsOf } from '../../../server/src/db/client.js';
import { earthDistanceM, insertStation, rng } from './support.js';

const N = 400;
const CENTRE = { lat: 39.92, lng: 116.46 };

describe('nearby stations', () => {
  let t: TestContext;
  let auth: Record<string, string>;
  const points: { id: string; lat: number; lng: number; type: string; amenities: string[]; is24h: boolean }[] = [];
  const DAYTIME = {
    is24h: false,
    weekly: Array.from({ length: 7 }, () => [{ open: '08:00', close: '20:00' }]),
    closures: [],
  };

  beforeAll(async () => {
    t = await buildTestApp();
    const district = await createDistrict(t.db);
    const rider = await createUser(t.db, 'rider');
    auth = bearer(accessTokenFor(t.app, rider));
    const random = rng(42);
    for (let i = 0; i < N; i++) {
      const type = STATION_TYPES[Math.floor(random() * STATION_TYPES.length)]!;
      const amenities = AMENITIES.filter(() => random() < 0.3);
      const lat = CENTRE.lat + (random() - 0.5) * 0.2;
      const lng = CENTRE.lng + (random() - 0.5) * 0.26;
      // Every fourth station keeps daytime hours; the rest are open around the clock.
      const is24h = i % 4 !== 0;
      const s = await insertStation(t.db, {
        districtId: district.id,
        type,
        amenities,
        lat,
        lng,
        name: `驿站${i}`,
        ...(is24h ? {} : { hours: DAYTIME }),
      });
      points.push({ id: s.id, lat, lng, type, amenities, is24h });
    }
    // Two stations on the very same spot: ties must page without loss or repeat.
    for (const name of ['同址甲', '同址乙', '同址丙']) {
      const s = await insertStation(t.db, { districtId: district.id, lat: 39.93, lng: 116.47, name, type: 'charging' });
      points.push({ id: s.id, lat: 39.93, lng: 116.47, type: 'charging', amenities: [], is24h: true });
    }
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: auth });

  function bruteForce(
    origin: { lat: number; lng: number },
    radius: number,
    keep: (p: (typeof points)[number]) => boolean,
  ) {
    return points
      .filter(keep)
      .map((p) => ({ id: p.id, d: earthDistanceM(origin, p) }))
      .filter((p) => p.d <= radius)
      .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
  }

  async function allPages(query: string, limit: number) {
    const items: { id: string; distanceM: number }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res = await get(`/api/v1/stations/nearby?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.items.length).toBeLessThanOrEqual(limit);
      items.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    return items;
  }

  it('orders and measures like a brute-force computation, on random points, across pages', async () => {
    const random = rng(7);
    for (let i = 0; i < 12; i++) {
      const origin = { lat: CENTRE.lat + (random() - 0.5) * 0.2, lng: CENTRE.lng + (random() - 0.5) * 0.26 };
      const radius = 1000 + Math.floor(random() * 4000);
      const expected = bruteForce(origin, radius, () => true);
      const got = await allPages(`lat=${origin.lat}&lng=${origin.lng}&radius=${radius}`, 7);
      expect(got.map((s) => s.id)).toEqual(expected.map((s) => s.id));
      got.forEach((s, k) => expect(Math.abs(s.distanceM - expected[k]!.d)).toBeLessThanOrEqual(0.51));
    }
  });

  it('filters by types (any of) and amenities (all of) exactly like brute force', async () => {
    const random = rng(11);
    for (let i = 0; i < 6; i++) {
      const origin = { lat: CENTRE.lat + (random() - 0.5) * 0.2, lng: CENTRE.lng + (random() - 0.5) * 0.26 };
      const types = ['all_day', 'charging', 'nuanxin'].slice(0, 1 + (i % 3));
      const amenities = i % 2 ? ['charging'] : ['hot_water', 'toilet'];
      const expected = bruteForce(
        origin,
        8000,
        (p) => types.includes(p.type) && amenities.every((a) => p.amenities.includes(a)),
      );
      const q = `lat=${origin.lat}&lng=${origin.lng}&radius=8000&${types.map((x) => `types=${x}`).join('&')}&${amenities.map((x) => `amenities=${x}`).join('&')}`;
      const got = await allPages(q, 5);
      expect(got.map((s) => s.id)).toEqual(expected.map((s) => s.id));
    }
  });

  it('filters to stations open around the clock (is24h) exactly like brute force, in every endpoint', async () => {
    const origin = { lat: CENTRE.lat + 0.01, lng: CENTRE.lng - 0.02 };
    const expected = bruteForce(origin, 6000, (p) => p.is24h && p.amenities.includes('charging'));
    expect(expected.length).toBeGreaterThan(5);
    expect(bruteForce(origin, 6000, (p) => !p.is24h).length).toBeGreaterThan(5);
    const got = await allPages(`lat=${origin.lat}&lng=${origin.lng}&radius=6000&amenities=charging&is24h=true`, 6);
    expect(got.map((s) => s.id)).toEqual(expected.map((s) => s.id));
    const box = (
      await get(`/api/v1/stations/in-box?south=39.88&west=116.4&north=39.96&east=116.52&is24h=true&limit=500`)
    ).json();
    expect(box.items.length).toBeGreaterThan(0);
    for (const item of box.items as { hours: { is24h: boolean } }[]) expect(item.hours.is24h).toBe(true);
  });

  it('pages through stations at the same spot without losing or repeating one', async () => {
    const got = await allPages('lat=39.93&lng=116.47&radius=1&types=charging', 1);
    expect(got.map((s) => s.distanceM)).toEqual([0, 0, 0]);
    expect(new Set(got.map((s) => s.id)).size).toBe(3);
  });

  it('converts a WGS-84 position (coord=wgs84) to GCJ-02 before searching', async () => {
    const gcj = { lat: 39.925, lng: 116.455 };
    // A WGS-84 point whose GCJ-02 image is `gcj` (within centimetres).
    const wgs = { lat: gcj.lat - (wgs84ToGcj02(gcj).lat - gcj.lat), lng: gcj.lng - (wgs84ToGcj02(gcj).lng - gcj.lng) };
    const res = await get(`/api/v1/stations/nearby?lat=${wgs.lat}&lng=${wgs.lng}&coord=wgs84&limit=5`);
    expect(res.statusCode).toBe(200);
    const origin = res.json().origin;
    expect(earthDistanceM(origin, gcj)).toBeLessThan(5);
    const direct = (await get(`/api/v1/stations/nearby?lat=${origin.lat}&lng=${origin.lng}&limit=5`)).json();
    expect(res.json().items.map((s: { id: string }) => s.id)).toEqual(direct.items.map((s: { id: string }) => s.id));
  });

  it('answers a map viewport with only stations inside it, nearest to its centre first', async () => {
    const box = { south: 39.9, west: 116.43, north: 39.94, east: 116.49 };
    const res = await get(
      `/api/v1/stations/in-box?south=${box.south}&west=${box.west}&north=${box.north}&east=${box.east}&limit=500`,
    );
    expect(res.statusCode).toBe(200);
    const inside = points.filter(
      (p) => p.lat >= box.south && p.lat <= box.north && p.lng >= box.west && p.lng <= box.east,
    );
    const body = res.json();
    expect(body.truncated).toBe(false);
    expect(new Set(body.items.map((s: { id: string }) => s.id))).toEqual(new Set(inside.map((p) => p.id)));
    const small = (
      await get(
        `/api/v1/stations/in-box?south=${box.south}&west=${box.west}&north=${box.north}&east=${box.east}&limit=3`,
      )
    ).json();
    expect(small.truncated).toBe(true);
    expect(small.items.map((s: { id: string }) => s.id)).toEqual(
      body.items.slice(0, 3).map((s: { id: string }) => s.id),
    );
  });

  it("keeps each station's stored position equal to ll_to_earth of its coordinates, after an update too", async () => {
    const [row] = rowsOf<{ id: string; lat: number; lng: number }>(
      await t.db.execute(sql`SELECT id, lat, lng FROM stations LIMIT 1`),
    );
    const offBy = async () =>
      Number(
        rowsOf<{ n: number | string }>(
          await t.db.execute(
            sql`SELECT count(*) AS n FROM stations WHERE cube_distance(pos, ll_to_earth(lat, lng)) > 0.001`,
          ),
        )[0]!.n,
      );
    await t.db.execute(sql`UPDATE stations SET lat = 39.9, lng = 116.4 WHERE id = ${row!.id}`);
    expect(await offBy()).toBe(0);
    await t.db.execute(sql`UPDATE stations SET lat = ${row!.lat}, lng = ${row!.lng} WHERE id = ${row!.id}`);
    expect(await offBy()).toBe(0);
  });

  it('runs the search on the GiST index with a KNN scan', async () => {
    // stations_nearby runs with the planner settings that leave only the KNN plan…
    const [fn] = rowsOf<{ proconfig: string[] }>(
      await t.db.execute(sql`SELECT proconfig FROM pg_proc WHERE proname = 'stations_nearby'`),
    );
    expect(fn!.proconfig).toEqual(expect.arrayContaining(['enable_bitmapscan=off', 'enable_seqscan=off']));
    // …and under them its query shape is planned as an index scan ordered by distance.
    const plan = await t.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_bitmapscan = off`);
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      const res = await tx.execute(sql`EXPLAIN SELECT id FROM stations s
        WHERE earth_box(ll_to_earth(39.92, 116.46), 5000) @> s.pos
        ORDER BY s.pos <-> ll_to_earth(39.92, 116.46) FETCH FIRST 21 ROWS WITH TIES`);
      return rowsOf<Record<string, string>>(res)
        .map((r) => Object.values(r)[0])
        .join('\n');
    });
    expect(plan).toMatch(/Index Scan using stations_pos_gist/);
    expect(plan).toMatch(/Order By: \(pos <->/);
  });

  it.each([
    ['lat=91&lng=116.4', 400, 'COORDINATE_OUT_OF_RANGE', 'lat'],
    ['lat=39.9&lng=-181', 400, 'COORDINATE_OUT_OF_RANGE', 'lng'],
    ['lat=abc&lng=116.4', 400, 'VALIDATION_FAILED', 'lat'],
    ['lng=116.4', 400, 'VALIDATION_FAILED', 'lat'],
    ['lat=39.9&lng=116.4&radius=50001', 400, 'RADIUS_TOO_LARGE', 'radius'],
    ['lat=39.9&lng=116.4&limit=51', 400, 'PAGE_SIZE_TOO_LARGE', 'limit'],
    ['lat=39.9&lng=116.4&types=spaceport', 400, 'UNKNOWN_FILTER_VALUE', 'types'],
    ['lat=39.9&lng=116.4&amenities=sauna', 400, 'UNKNOWN_FILTER_VALUE', 'amenities'],
    ['lat=39.9&lng=116.4&colour=red', 400, 'VALIDATION_FAILED', 'colour'],
    ['lat=39.9&lng=116.4&coord=bd09', 400, 'VALIDATION_FAILED', 'coord'],
    ['lat=39.9&lng=116.4&cursor=garbage', 400, 'CURSOR_INVALID', 'cursor'],
  ])('refuses %s with %d %s', async (query, status, code, field) => {
    const body = expectError(await get(`/api/v1/stations/nearby?${query}`), status, code);
    expect(body.field).toBe(field);
  });

  it('refuses a cursor replayed against another search', async () => {
    const first = (await get('/api/v1/stations/nearby?lat=39.92&lng=116.46&limit=2')).json();
    expect(first.nextCursor).toBeTruthy();
    expectError(
      await get(`/api/v1/stations/nearby?lat=39.95&lng=116.46&limit=2&cursor=${first.nextCursor}`),
      400,
      'CURSOR_INVALID',
    );
  });

  it('refuses a viewport too large to draw', async () => {
    expectError(await get('/api/v1/stations/in-box?south=39.4&west=115.7&north=40.6&east=117.3'), 400, 'BOX_TOO_LARGE');
  });

  it('needs a signed-in user', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/stations/nearby?lat=39.9&lng=116.4' });
    expectError(res, 401, 'UNAUTHENTICATED');
  });
});
