import { count, eq } from 'drizzle-orm';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createTwoScopes } from '../../fixtures/factories.js';
import { stations } from '../../../server/src/db/schema/index.js';
import { week } from './support.js';

// createStreet draws every test street as the box 116.4–116.5 × 39.9–40.0; the first street
// created (A) is the one that covers a point there.
const input = (over: Record<string, unknown> = {}) => ({
  name: '呼家楼全时驿站',
  type: 'all_day',
  lat: 39.92,
  lng: 116.46,
  address: '朝阳区金台路 1 号',
  hours: { is24h: false, weekly: week([{ open: '08:00', close: '22:00' }]), closures: [] },
  amenities: ['charging', 'hot_water'],
  counts: { seats: 12, chargingPorts: 8, swapPorts: null },
  contact: { name: '张站长', phone: '010-12345678' },
  ...over,
});

describe('managing stations', () => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof createTwoScopes>>;
  const as = (user: { id: string; role: string }) => bearer(accessTokenFor(t.app, user));

  beforeAll(async () => {
    t = await buildTestApp();
    s = await createTwoScopes(t.db);
  });
  afterAll(() => t.close());

  it('lets a street operator add a station in its street, placed by its location', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: as(s.a.streetOperator),
      payload: input(),
    });
    expect(res.statusCode).toBe(201);
    const station = res.json();
    expect(station).toMatchObject({
      streetId: s.a.street.id,
      districtId: s.district.id,
      status: 'open',
      counts: { seats: 12 },
    });
    expect(station.externalId).toBe(`nx-${station.id}`);
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/stations/${station.id}`, headers: as(s.rider) });
    expect(detail.json().name).toBe('呼家楼全时驿站');
  });

  it('refuses a street operator a station in another street, and a rider any change', async () => {
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/stations',
        headers: as(s.b.streetOperator),
        payload: input(),
      }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/v1/stations', headers: as(s.rider), payload: input() }),
      403,
      'FORBIDDEN',
    );
  });

  it('lets the district admin close a station with a note and reopen it; other districts may not', async () => {
    const { id } = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/stations',
        headers: as(s.districtAdmin),
        payload: input({ hours: { is24h: true, weekly: week([]), closures: [] } }),
      })
    ).json();
    const close = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stations/${id}/status`,
      headers: as(s.districtAdmin),
      payload: { status: 'closed', note: '设备检修，周五恢复' },
    });
    expect(close.json()).toMatchObject({ status: 'closed', statusNote: '设备检修，周五恢复', openNow: false });
    expectError(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/stations/${id}/status`,
        headers: as(s.otherDistrictAdmin),
        payload: { status: 'open' },
      }),
      403,
      'OUT_OF_SCOPE',
    );
    const open = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stations/${id}/status`,
      headers: as(s.districtAdmin),
      payload: { status: 'open' },
    });
    expect(open.json()).toMatchObject({ status: 'open', statusNote: null, openNow: true });
  });

  it('updates fields and the updated-at time', async () => {
    const created = (
      await t.app.inject({ method: 'POST', url: '/api/v1/stations', headers: as(s.a.streetOperator), payload: input() })
    ).json();
    await new Promise((r) => setTimeout(r, 5));
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stations/${created.id}`,
      headers: as(s.a.streetOperator),
      payload: { amenities: ['toilet'], name: '新名字' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '新名字', amenities: ['toilet'], counts: { seats: 12 } });
    expect(res.json().updatedAt > created.updatedAt).toBe(true);
  });

  it('a partial update leaves the fields it does not name as they were', async () => {
    const created = (
      await t.app.inject({ method: 'POST', url: '/api/v1/stations', headers: as(s.a.streetOperator), payload: input() })
    ).json();
    expect(created.address).not.toBe('');
    expect(created.amenities.length).toBeGreaterThan(0);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stations/${created.id}`,
      headers: as(s.a.streetOperator),
      payload: { name: '只改名字' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: '只改名字',
      address: created.address,
      amenities: created.amenities,
      photos: created.photos,
    });
  });

  it('rejects bad input with the field named', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: as(s.districtAdmin),
      payload: input({ type: 'castle' }),
    });
    expect(expectError(bad, 400, 'VALIDATION_FAILED').field).toBe('type');
    const hours = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: as(s.districtAdmin),
      payload: input({ hours: { is24h: false, weekly: week([{ open: '08:00', close: '08:00' }]), closures: [] } }),
    });
    expectError(hours, 400, 'HOURS_INVALID');
    const nowhere = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: as(s.districtAdmin),
      payload: input({ lat: 31.2, lng: 121.4 }),
    });
    expectError(nowhere, 422, 'OUTSIDE_SERVICE_AREA');
  });
});

describe('importing stations', () => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof createTwoScopes>>;
  const as = (user: { id: string; role: string }) => bearer(accessTokenFor(t.app, user));
  const total = async () => (await t.db.select({ n: count() }).from(stations))[0]!.n;

  beforeAll(async () => {
    t = await buildTestApp();
    s = await createTwoScopes(t.db);
  });
  afterAll(() => t.close());

  const header = 'external_id,name,type,lng,lat,address,hours,closures,amenities,seats,status,status_note';
  const csv = (...rows: string[]) => [header, ...rows].join('\n');
  const upload = (user: { id: string; role: string }, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/stations/import', headers: as(user), payload });

  it('writes nothing when any row is bad, and reports every bad row by line with the reason', async () => {
    const content = csv(
      'E1,金台驿站,全时驿站,116.46,39.92,金台路1号,24h,,充电|热水,10,,',
      'E2,坏坐标,all_day,116.46,95,x,24h,,,,,',
      '"E3","引号,逗号",nuanxin,116.47,39.93,"多行\n地址",1-5 08:00-22:00; 6-7 22:00-02:00,2025-01-28~2025-02-04 春节,toilet,,,',
      'E4,未知类型,castle,116.46,39.92,,,,,,,',
      'E1,重复,all_day,116.46,39.92,,24h,,,,,',
    );
    const res = await upload(s.districtAdmin, { format: 'csv', content });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ rows: 5, written: false, inserted: 0 });
    expect(report.badRows.map((b: { line: number; field: string }) => [b.line, b.field])).toEqual([
      [3, 'lat'],
      [6, 'type'],
      [7, 'external_id'],
    ]);
    expect(report.badRows[2].reason).toContain('第 2 行');
    expect(await total()).toBe(0);

    const partial = (await upload(s.districtAdmin, { format: 'csv', content, skipBad: true })).json();
    expect(partial).toMatchObject({ written: true, inserted: 2, updated: 0, skipped: 3 });
    const e3 = await t.db.query.stations.findFirst({ where: eq(stations.externalId, 'E3') });
    expect(e3).toMatchObject({ name: '引号,逗号', address: '多行\n地址', streetId: s.a.street.id });
    expect(e3!.weekly[5]).toEqual([{ open: '22:00', close: '02:00' }]);
  });

  it('upserts by external id and round-trips through both export formats', async () => {
    const first = (
      await upload(s.districtAdmin, {
        format: 'csv',
        content: csv('R1,甲,all_day,116.45,39.91,,24h,,charging,,closed,检修'),
      })
    ).json();
    expect(first).toMatchObject({ inserted: 1, written: true });
    const again = (
      await upload(s.districtAdmin, { format: 'csv', content: csv('R1,甲改,all_day,116.45,39.91,,24h,,charging,,,') })
    ).json();
    expect(again).toMatchObject({ inserted: 0, updated: 1 });
    for (const format of ['csv', 'geojson'] as const) {
      const exported = await t.app.inject({
        method: 'GET',
        url: `/api/v1/stations/export?format=${format}`,
        headers: as(s.districtAdmin),
      });
      expect(exported.statusCode).toBe(200);
      const before = await total();
      const back = (await upload(s.districtAdmin, { format, content: exported.body })).json();
      expect(back).toMatchObject({ written: true, inserted: 0, updated: before, badRows: [] });
    }
  });

  it('exports text a spreadsheet would run as a formula with a leading apostrophe, and reads it back as typed', async () => {
    const names = ["=cmd|' /C calc'!A0", '@SUM(1+1)', '+1+1', '-2+3'];
    const rows = names.map((name, i) => `F${i},"${name.replace(/"/g, '""')}",all_day,116.45,39.91,,24h,,,,,`);
    expect((await upload(s.districtAdmin, { format: 'csv', content: csv(...rows) })).json()).toMatchObject({
      written: true,
      badRows: [],
    });
    const exported = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stations/export?format=csv',
      headers: as(s.districtAdmin),
    });
    const lines = exported.body.split('\n').filter((l) => /^F\d,/.test(l));
    expect(lines).toHaveLength(names.length);
    for (const line of lines) {
      const nameCell = line.split(',')[1]!.replace(/^"/, '');
      expect(nameCell.startsWith("'")).toBe(true);
    }
    // The coordinates are numbers, not guarded text.
    expect(lines[0]).toContain(',116.45,39.91,');
    const back = (await upload(s.districtAdmin, { format: 'csv', content: exported.body })).json();
    expect(back).toMatchObject({ written: true, inserted: 0, badRows: [] });
    for (const [i, name] of names.entries()) {
      const row = await t.db.query.stations.findFirst({ where: eq(stations.externalId, `F${i}`) });
      expect(row?.name).toBe(name);
    }
  });

  it('refuses rows outside the uploader’s scope, and never takes over another district’s station', async () => {
    // Street B's operator: the point lies in street A (first street covering it).
    const res = (
      await upload(s.b.streetOperator, { format: 'csv', content: csv('X1,越界,all_day,116.45,39.91,,24h,,,,,') })
    ).json();
    expect(res.written).toBe(false);
    expect(res.badRows[0].reason).toContain('负责的范围');
    const steal = (
      await upload(s.otherDistrictAdmin, {
        format: 'csv',
        content: csv('R1,抢,all_day,116.45,39.91,,24h,,,,,'),
        skipBad: true,
      })
    ).json();
    expect(steal.written).toBe(true);
    expect(steal.inserted + steal.updated).toBe(0);
  });

  it('reports GeoJSON rows by the line the feature starts on', async () => {
    const content = `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[116.46,39.92]},"properties":{"external_id":"G1","name":"好","type":"charging","hours":"24h"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":["x",39.92]},"properties":{"external_id":"G2","name":"坏","type":"charging"}}
]}`;
    const report = (await upload(s.districtAdmin, { format: 'geojson', content, dryRun: true })).json();
    expect(report.badRows).toEqual([{ line: 3, field: 'geometry', reason: expect.stringContaining('数字') }]);
  });

  it('refuses a file that cannot be read at all', async () => {
    expectError(await upload(s.districtAdmin, { format: 'geojson', content: '{"type":' }), 400, 'IMPORT_FILE_INVALID');
    expectError(
      await upload(s.districtAdmin, { format: 'csv', content: 'name,colour\nx,red' }),
      400,
      'IMPORT_FILE_INVALID',
    );
  });

  it('a dry run counts without writing', async () => {
    const before = await total();
    const report = (
      await upload(s.districtAdmin, {
        format: 'csv',
        content: csv('D1,试,all_day,116.45,39.91,,24h,,,,,'),
        dryRun: true,
      })
    ).json();
    expect(report).toMatchObject({ inserted: 1, written: false });
    expect(await total()).toBe(before);
  });
});
