import { and, between, eq, type AnyColumn } from 'drizzle-orm';
import type { MapFeature, MapLayers } from '@nuanxin/shared/geo/schemas';
import { communities, districts, stations, streets } from '../../../server/src/db/schema/index.js';
import { DEMO_STREETS, seedId } from '../../../server/src/seed/demo.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createDistrict, createUser, demoLogin } from '../../fixtures/factories.js';

// Around 呼家楼 (GCJ-02): inside 呼家楼街道 (116.45–116.475 × 39.915–39.935) and a bit beyond.
const BOX = { south: 39.915, west: 116.45, north: 39.93, east: 116.47 };
const q = (o: Record<string, unknown>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

describe('GET /api/v1/map/layers (the H5 map of our own data)', () => {
  let t: TestContext;
  let rider: { authorization: string };
  beforeAll(async () => {
    t = await buildTestApp({ DEMO_MODE: 'true' }, { demo: true });
    rider = bearer((await demoLogin(t.app, 'rider')).accessToken);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (query: string, headers = rider) =>
    t.app.inject({ method: 'GET', url: `/api/v1/map/layers?${query}`, headers });
  const ofKind = (body: MapLayers, kind: string) => body.features.filter((f) => f.properties.kind === kind);
  const ids = (fs: MapFeature[]) => fs.map((f) => f.properties.id).sort();

  it('gives a rider the outlines, communities and stations of a box, and nothing outside it', async () => {
    const res = await get(q(BOX));
    expect(res.statusCode).toBe(200);
    const body = res.json() as MapLayers;
    expect(body.type).toBe('FeatureCollection');
    expect(body.bbox).toEqual([BOX.west, BOX.south, BOX.east, BOX.north]);
    expect(body.truncated).toBe(false);

    // The district (the real Chaoyang outline) and the streets whose boundary overlaps the box.
    const [district] = ofKind(body, 'district');
    expect(district?.properties.name).toBe('朝阳区');
    const streetNames = ofKind(body, 'street').map((f) => f.properties.name);
    expect(streetNames).toContain('呼家楼街道');
    expect(streetNames).not.toContain('望京街道');
    const hjl = ofKind(body, 'street').find((f) => f.properties.name === '呼家楼街道')!;
    const demo = DEMO_STREETS.find((s) => s.name === '呼家楼街道')!;
    // GeoJSON rings are closed and [lng, lat].
    expect(hjl.geometry).toEqual({
      type: 'Polygon',
      coordinates: [[...demo.boundary.map((p) => [p.lng, p.lat]), [demo.boundary[0]!.lng, demo.boundary[0]!.lat]]],
    });

    // Exactly the stations and active communities stored inside the box.
    const inBox = (lat: AnyColumn, lng: AnyColumn) =>
      and(between(lat, BOX.south, BOX.north), between(lng, BOX.west, BOX.east));
    const wantStations = await t.db.select({ id: stations.id }).from(stations).where(inBox(stations.lat, stations.lng));
    const wantCommunities = await t.db
      .select({ id: communities.id })
      .from(communities)
      .where(and(eq(communities.active, true), inBox(communities.lat, communities.lng)));
    expect(wantStations.length).toBeGreaterThan(0);
    expect(wantCommunities.length).toBeGreaterThan(0);
    expect(ids(ofKind(body, 'station'))).toEqual(wantStations.map((r) => r.id).sort());
    expect(ids(ofKind(body, 'community'))).toEqual(wantCommunities.map((r) => r.id).sort());
    for (const f of [...ofKind(body, 'station'), ...ofKind(body, 'community')]) {
      expect(f.geometry.type).toBe('Point');
      const [lng, lat] = f.geometry.coordinates as number[];
      expect(lat).toBeGreaterThanOrEqual(BOX.south);
      expect(lat).toBeLessThanOrEqual(BOX.north);
      expect(lng).toBeGreaterThanOrEqual(BOX.west);
      expect(lng).toBeLessThanOrEqual(BOX.east);
    }
    // Nothing private: no contact, phone or people.
    expect(res.body).not.toMatch(/phone|contact|openid|reporter/i);
  });

  it('gives a whole district: its outline, every active street with a boundary, its communities and stations', async () => {
    const districtId = seedId('district:110105');
    const res = await get(q({ districtId }));
    expect(res.statusCode).toBe(200);
    const body = res.json() as MapLayers;
    expect(ofKind(body, 'district').map((f) => f.properties.id)).toEqual([districtId]);
    expect(ofKind(body, 'street').map((f) => f.properties.code)).toEqual(DEMO_STREETS.map((s) => s.code).sort());
    const wantStations = await t.db
      .select({ id: stations.id })
      .from(stations)
      .where(eq(stations.districtId, districtId));
    expect(ids(ofKind(body, 'station'))).toEqual(wantStations.map((r) => r.id).sort());
    // The frame is the district's outline.
    const [w, s, e, n] = body.bbox!;
    expect(w).toBeLessThan(116.45);
    expect(e).toBeGreaterThan(116.5);
    expect(s).toBeLessThan(39.9);
    expect(n).toBeGreaterThan(40);
  });

  it('leaves out a deactivated street and a deactivated community', async () => {
    const street = seedId(`street:${DEMO_STREETS.find((s) => s.name === '呼家楼街道')!.code}`);
    const [community] = await t.db
      .select({ id: communities.id })
      .from(communities)
      .where(and(between(communities.lat, BOX.south, BOX.north), between(communities.lng, BOX.west, BOX.east)))
      .limit(1);
    await t.db.update(streets).set({ active: false }).where(eq(streets.id, street));
    await t.db.update(communities).set({ active: false }).where(eq(communities.id, community!.id));
    try {
      const body = (await get(q(BOX))).json() as MapLayers;
      expect(ids(ofKind(body, 'street'))).not.toContain(street);
      expect(ids(ofKind(body, 'community'))).not.toContain(community!.id);
    } finally {
      await t.db.update(streets).set({ active: true }).where(eq(streets.id, street));
      await t.db.update(communities).set({ active: true }).where(eq(communities.id, community!.id));
    }
  });

  it('answers an empty district with no features and nothing to frame', async () => {
    const empty = await createDistrict(t.db, '空白区');
    const body = (await get(q({ districtId: empty.id }))).json() as MapLayers;
    expect(body).toEqual({ type: 'FeatureCollection', bbox: null, features: [], truncated: false });
    // With an outline but nothing in it: the outline alone, framed.
    await t.db
      .update(districts)
      .set({
        boundary: [
          { lng: 100, lat: 30 },
          { lng: 100.1, lat: 30 },
          { lng: 100.1, lat: 30.1 },
        ],
      })
      .where(eq(districts.id, empty.id));
    const outlined = (await get(q({ districtId: empty.id }))).json() as MapLayers;
    expect(outlined.features.map((f) => f.properties.kind)).toEqual(['district']);
    expect(outlined.bbox).toEqual([100, 30, 100.1, 30.1]);
  });

  it('is for any signed-in user (staff too), not for strangers', async () => {
    const staff = await createUser(t.db, 'merchant');
    expect((await get(q(BOX), bearer(accessTokenFor(t.app, staff)))).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/map/layers?${q(BOX)}` })).statusCode).toBe(401);
  });

  it('refuses a bad box with a Chinese message naming the side', async () => {
    const cases: [Record<string, unknown>, string, string, string][] = [
      [{ ...BOX, south: 39.95 }, 'VALIDATION_FAILED', 'south', '南边界'],
      [{ ...BOX, west: 116.5 }, 'VALIDATION_FAILED', 'west', '西边界'],
      [{ south: BOX.south, west: BOX.west, north: BOX.north }, 'VALIDATION_FAILED', 'east', '东边界'],
      [{ ...BOX, north: 95 }, 'VALIDATION_FAILED', 'north', '北边界'],
      [{ ...BOX, north: 41 }, 'BOX_TOO_LARGE', 'south', '地图范围太大'],
      [{}, 'VALIDATION_FAILED', 'districtId', '地图范围'],
      [{ districtId: 'chaoyang' }, 'VALIDATION_FAILED', 'districtId', '区'],
    ];
    for (const [query, code, field, words] of cases) {
      const body = expectError(await get(q(query)), 400, code);
      expect({ field: body.field, has: body.message.includes(words) }).toEqual({ field, has: true });
    }
    expectError(await get(q({ districtId: '00000000-0000-4000-8000-000000000000' })), 404, 'NOT_FOUND');
  });
});
