import { buildTestApp, type TestContext } from '../../support/app.js';
import { accessTokenFor, bearer, createDistrict, createUser } from '../../fixtures/factories.js';
import { isOpenAt, openMinuteRanges } from '../../../server/src/stations/index.js';
import { insertStation, week } from './support.js';

/** An instant given as Asia/Shanghai wall time. */
const shanghai = (local: string) => new Date(`${local}+08:00`).toISOString();

describe('open now (Asia/Shanghai)', () => {
  let t: TestContext;
  let auth: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp();
    const district = await createDistrict(t.db);
    auth = bearer(accessTokenFor(t.app, await createUser(t.db, 'rider')));
    const add = async (key: string, spec: Parameters<typeof insertStation>[1]) => {
      // Only the round-the-clock ones are 全时驿站.
      const type = spec.hours?.is24h === false ? 'nuanxin' : 'all_day';
      ids[key] = (await insertStation(t.db, { type, ...spec, name: key, lat: 39.92, lng: 116.46 })).id;
    };
    // 2025-01-05 is a Sunday, 2025-01-06 a Monday.
    await add('late', {
      districtId: district.id,
      hours: { is24h: false, weekly: week([{ open: '22:00', close: '02:00' }]), closures: [] },
    });
    await add('sundayLate', {
      districtId: district.id,
      hours: { is24h: false, weekly: [[], [], [], [], [], [], [{ open: '20:00', close: '03:00' }]], closures: [] },
    });
    await add('day', {
      districtId: district.id,
      hours: { is24h: false, weekly: week([{ open: '08:00', close: '24:00' }]), closures: [] },
    });
    await add('always', { districtId: district.id, hours: { is24h: true, weekly: week([]), closures: [] } });
    await add('closedForNewYear', {
      districtId: district.id,
      hours: { is24h: true, weekly: week([]), closures: [{ from: '2025-01-28', to: '2025-01-30', note: '春节休息' }] },
    });
    await add('shut', { districtId: district.id, status: 'closed' });
  });
  afterAll(() => t.close());

  async function openAt(local: string): Promise<string[]> {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/stations/nearby?lat=39.92&lng=116.46&radius=100&openNow=true&at=${encodeURIComponent(shanghai(local))}`,
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    return res
      .json()
      .items.map((s: { name: string }) => s.name)
      .sort();
  }

  it.each([
    ['2025-01-06T23:30:00', ['always', 'closedForNewYear', 'day', 'late']],
    ['2025-01-07T01:59:00', ['always', 'closedForNewYear', 'late']],
    ['2025-01-07T02:00:00', ['always', 'closedForNewYear']],
    ['2025-01-07T07:59:00', ['always', 'closedForNewYear']],
    ['2025-01-07T08:00:00', ['always', 'closedForNewYear', 'day']],
    ['2025-01-05T21:00:00', ['always', 'closedForNewYear', 'day', 'sundayLate']],
    // Sunday's late slot wraps past the end of the week into Monday morning.
    ['2025-01-06T02:30:00', ['always', 'closedForNewYear', 'sundayLate']],
    ['2025-01-06T03:00:00', ['always', 'closedForNewYear']],
    // Closures cover whole dates, both ends included ('late' opened on the 27th, before it).
    ['2025-01-28T00:00:00', ['always', 'late']],
    ['2025-01-30T23:59:00', ['always', 'day', 'late']],
    ['2025-01-31T00:00:00', ['always', 'closedForNewYear', 'late']],
  ])('at %s (Shanghai) the open ones are %j', async (local, expected) => {
    expect(await openAt(local)).toEqual(expected);
  });

  it('reports openNow on each station, and the same as the rule in code', async () => {
    const at = shanghai('2025-01-07T01:00:00');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/stations/nearby?lat=39.92&lng=116.46&radius=100&limit=50&at=${encodeURIComponent(at)}`,
      headers: auth,
    });
    for (const s of res.json().items) expect(s.openNow).toBe(isOpenAt(s, new Date(at)));
    const late = res.json().items.find((s: { name: string }) => s.name === 'late');
    expect(late.openNow).toBe(true);
  });

  it('turns the weekly schedule into minute-of-week ranges, wrapping Sunday night', () => {
    expect(
      openMinuteRanges({ is24h: false, weekly: [[], [], [], [], [], [], [{ open: '22:00', close: '01:00' }]] }),
    ).toEqual([
      [0, 60],
      [6 * 1440 + 22 * 60, 7 * 1440],
    ]);
    expect(openMinuteRanges({ is24h: true, weekly: week([]) })).toEqual([[0, 10080]]);
  });

  it('answers "最近的全时驿站" with the nearest open 24-hour station', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/stations/nearest?lat=39.921&lng=116.461&at=${encodeURIComponent(shanghai('2025-01-28T12:00:00'))}`,
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    // `closedForNewYear` is closed that day; `shut` is closed by its admin.
    expect(res.json().item.name).toBe('always');
    expect(res.json().item.distanceM).toBeGreaterThan(100);
    const none = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stations/nearest?lat=31.23&lng=121.47',
      headers: auth,
    });
    expect(none.json()).toEqual({ item: null });
  });
});
