import { eq } from 'drizzle-orm';
import { communities, stations, streets } from '../../../server/src/db/schema/index.js';
import { DEMO_COMMUNITIES, DEMO_STATIONS, seedId } from '../../../server/src/seed/demo.js';
import { wgs84ToGcj02 } from '../../../shared/src/geo/gcj02.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { createUser, getAs } from '../../fixtures/factories.js';

// Places a person recognises instead of coordinates (#18 defect 8) and a way to pick a place when
// location is refused (defect 9): /places/describe, /places/search, /places/areas on the demo data.

type Who = { id: string; role: string };

describe('places (describe, search, areas)', () => {
  let t: TestContext;
  let rider: Who;
  let merchant: Who;
  const secretPhone = '13912345678';

  beforeAll(async () => {
    t = await buildTestApp({ DEMO_MODE: 'true' }, { demo: true });
    rider = await createUser(t.db, 'rider');
    merchant = await createUser(t.db, 'merchant');
    // Something private on a station near the tested points: it must never come back.
    await t.db
      .update(stations)
      .set({ contactName: '店主赵某', contactPhone: secretPhone })
      .where(eq(stations.externalId, 'ST-HJL-01'));
  });
  afterAll(() => t.close());

  const describePlace = (who: Who, query: string) => getAs(t.app, `/api/v1/places/describe?${query}`, who);

  const jintaili = DEMO_COMMUNITIES.find((c) => c.code === 'C-HJL-01')!;
  const hjlStation = DEMO_STATIONS.find((s) => s.code === 'ST-HJL-01') as { lat: number; lng: number; name: string };

  it('inside a street: the street, the community it is at, the nearest station and a label', async () => {
    const res = await describePlace(rider, `lat=${jintaili.lat}&lng=${jintaili.lng}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      lat: jintaili.lat,
      lng: jintaili.lng,
      inService: true,
      district: { name: '朝阳区' },
      street: { id: seedId('street:110105004'), name: '呼家楼街道' },
      community: { name: '金台里小区', distanceM: 0 },
      landmark: { kind: 'station' },
    });
    // The nearest of the demo stations to 金台里小区's point, by great-circle distance.
    const [nearest] = DEMO_STATIONS.map((s) => ({
      s,
      d: Math.hypot((s.lat - jintaili.lat) * 111_000, (s.lng - jintaili.lng) * 85_000),
    })).sort((a, b) => a.d - b.d);
    expect(body.landmark.name).toBe(nearest!.s.name);
    expect(body.landmark.distanceM).toBeGreaterThan(0);
    expect(body.landmark.distanceM).toBeLessThan(300);
    expect(body.label).toMatch(new RegExp(`^呼家楼街道 · 金台里小区 · 距${nearest!.s.name} \\d+ 米$`));
  });

  it('a point a little away from a community names it as 附近 with its distance', async () => {
    // ~550 m north of 金台里小区, still inside 呼家楼街道.
    const res = await describePlace(rider, `lat=${jintaili.lat + 0.005}&lng=${jintaili.lng}`);
    const body = res.json();
    expect(body.street.name).toBe('呼家楼街道');
    expect(body.community.distanceM).toBeGreaterThan(250);
    expect(body.community.distanceM).toBeLessThanOrEqual(1000);
    expect(body.label).toContain(`${body.community.name}附近`);
  });

  it('between streets but inside the district: the district, no street, still in service', async () => {
    // Between 三里屯街道 (to 39.955) and 望京街道 (from 39.985): no demo street covers it.
    const res = await describePlace(rider, 'lat=39.97&lng=116.47');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ inService: true, district: { name: '朝阳区' }, street: null, community: null });
    expect(body.label.startsWith('朝阳区')).toBe(true);
    expect(body.label).not.toContain('不在已开通的区域内');
  });

  it('outside every district: says so in Chinese and still names the nearest station', async () => {
    // 天安门 (东城区): outside 朝阳区, a few kilometres from the demo stations.
    const res = await describePlace(rider, 'lat=39.9087&lng=116.3975');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ inService: false, district: null, street: null, community: null });
    expect(body.landmark).not.toBeNull();
    expect(body.label).toMatch(/^不在已开通的区域内 · 距.+ \d+(\.\d)? 公里$/);

    // Far from everything (上海): no station within 50 km either.
    const far = (await describePlace(rider, 'lat=31.23&lng=121.47')).json();
    expect(far).toMatchObject({ inService: false, landmark: null, label: '不在已开通的区域内' });
  });

  it('a browser position (WGS-84) is converted before it is described', async () => {
    // The WGS-84 point whose GCJ-02 is (about) 金台里小区: GCJ-02 shifts by a few hundred metres.
    const shifted = wgs84ToGcj02({ lat: jintaili.lat, lng: jintaili.lng });
    const back = { lat: jintaili.lat - (shifted.lat - jintaili.lat), lng: jintaili.lng - (shifted.lng - jintaili.lng) };
    const body = (await describePlace(rider, `lat=${back.lat}&lng=${back.lng}&coord=wgs84`)).json();
    expect(Math.abs(body.lat - jintaili.lat)).toBeLessThan(0.0001);
    expect(Math.abs(body.lng - jintaili.lng)).toBeLessThan(0.0001);
    expect(body.community.name).toBe('金台里小区');
  });

  it('a deactivated community is not named', async () => {
    const hjl2 = DEMO_COMMUNITIES.find((c) => c.code === 'C-HJL-02')!;
    await t.db.update(communities).set({ active: false }).where(eq(communities.code, 'C-HJL-02'));
    try {
      const body = (await describePlace(rider, `lat=${hjl2.lat}&lng=${hjl2.lng}`)).json();
      expect(body.community?.name).not.toBe('呼家楼北社区');
    } finally {
      await t.db.update(communities).set({ active: true }).where(eq(communities.code, 'C-HJL-02'));
    }
  });

  it.each([
    ['', 'VALIDATION_FAILED', 'lat', '请提供纬度'],
    ['lat=39.9', 'VALIDATION_FAILED', 'lng', '请提供经度'],
    ['lat=abc&lng=116.4', 'VALIDATION_FAILED', 'lat', '纬度应为数字'],
    ['lat=39.9&lng=0x10', 'VALIDATION_FAILED', 'lng', '经度应为数字'],
    ['lat=91&lng=116.4', 'COORDINATE_OUT_OF_RANGE', 'lat', '纬度超出范围'],
    ['lat=39.9&lng=-181', 'COORDINATE_OUT_OF_RANGE', 'lng', '经度超出范围'],
    ['lat=39.9&lng=116.4&coord=bd09', 'VALIDATION_FAILED', 'coord', '坐标系'],
  ])('bad input "%s" → 400 %s naming %s in Chinese', async (query, code, field, message) => {
    const res = await describePlace(rider, query);
    const body = expectError(res, 400, code);
    expect(body.field).toBe(field);
    expect(body.message).toContain(message);
  });

  it('signed out: 401 on every places route', async () => {
    for (const url of [
      '/api/v1/places/describe?lat=39.92&lng=116.46',
      '/api/v1/places/search?q=呼家楼',
      '/api/v1/places/areas',
    ]) {
      expectError(await t.app.inject({ method: 'GET', url: encodeURI(url) }), 401, 'UNAUTHENTICATED');
    }
  });

  it('staff of any role may call it too (a merchant)', async () => {
    const res = await describePlace(merchant, `lat=${hjlStation.lat}&lng=${hjlStation.lng}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().landmark).toMatchObject({ name: hjlStation.name, distanceM: 0 });
    expect(res.json().label).toContain(`${hjlStation.name}旁`);
  });

  describe('search', () => {
    const search = (q: string, who: Who = rider) =>
      getAs(t.app, `/api/v1/places/search?q=${encodeURIComponent(q)}`, who);

    it('finds streets, communities and stations by part of the name, with a position and context', async () => {
      const res = await search('呼家楼');
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { kind: string; name: string; context: string; lat: number; lng: number }[];
      expect(items[0]).toMatchObject({ kind: 'street', name: '呼家楼街道', context: '朝阳区' });
      // The middle of 呼家楼街道's box (116.45–116.475, 39.915–39.935).
      expect(items[0]!.lat).toBeCloseTo(39.925, 6);
      expect(items[0]!.lng).toBeCloseTo(116.4625, 6);
      expect(items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'community', name: '呼家楼北社区', context: '呼家楼街道' }),
          expect.objectContaining({ kind: 'station', name: '呼家楼全时驿站', context: '呼家楼街道' }),
        ]),
      );
      expect(items.every((i) => i.name.includes('呼家楼'))).toBe(true);
    });

    it('a district by name; LIKE wildcards typed by a person match only themselves', async () => {
      expect((await search('朝阳')).json().items).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'district', name: '朝阳区' })]),
      );
      expect((await search('%')).json().items).toEqual([]);
      expect((await search('_')).json().items).toEqual([]);
      expect((await search('没有这个地方')).json().items).toEqual([]);
    });

    it('results are limited; inactive streets are not offered', async () => {
      expect((await search('站')).json().items.length).toBeLessThanOrEqual(20);
      await t.db.update(streets).set({ active: false }).where(eq(streets.code, '110105006'));
      try {
        const names = ((await search('望京')).json().items as { name: string; kind: string }[]).map(
          (i) => `${i.kind}:${i.name}`,
        );
        expect(names).not.toContain('street:望京街道');
      } finally {
        await t.db.update(streets).set({ active: true }).where(eq(streets.code, '110105006'));
      }
    });

    it('empty or too long text → 400 naming the field in Chinese', async () => {
      const empty = expectError(await search('  '), 400, 'VALIDATION_FAILED');
      expect(empty).toMatchObject({ field: 'q', message: '请输入要查找的地点名称' });
      const long = expectError(await search('呼'.repeat(41)), 400, 'VALIDATION_FAILED');
      expect(long.field).toBe('q');
    });
  });

  describe('areas', () => {
    it('lists the district and its active streets with a position to search from', async () => {
      const res = await getAs(t.app, '/api/v1/places/areas', rider);
      expect(res.statusCode).toBe(200);
      const [district, ...rest] = res.json().items;
      expect(rest).toEqual([]);
      expect(district.name).toBe('朝阳区');
      expect(district.streets.map((s: { name: string }) => s.name)).toEqual([
        '建外街道',
        '双井街道',
        '朝外街道',
        '呼家楼街道',
        '三里屯街道',
        '望京街道',
      ]);
      expect(district.streets[3]).toMatchObject({ id: seedId('street:110105004') });
      expect(district.streets[3].lat).toBeCloseTo(39.925, 6);
      expect(Object.keys(district.streets[3]).sort()).toEqual(['id', 'lat', 'lng', 'name']);
    });
  });

  it('nothing private leaks: no phone, contact or owner in any answer', async () => {
    const bodies = [
      (await describePlace(rider, `lat=${hjlStation.lat}&lng=${hjlStation.lng}`)).body,
      (await getAs(t.app, `/api/v1/places/search?q=${encodeURIComponent('呼家楼')}`, rider)).body,
      (await getAs(t.app, '/api/v1/places/areas', rider)).body,
    ];
    for (const body of bodies) {
      expect(body).not.toContain(secretPhone);
      expect(body).not.toContain('店主赵某');
      expect(body).not.toMatch(/phone|contact|owner|address|boundary/i);
    }
  });
});
