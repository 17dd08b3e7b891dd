import { gcj02ToWgs84 } from '@nuanxin/shared/geo/gcj02';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { act, call, createReportWorld, submit, type ReportWorld } from '../../fixtures/reports.js';

describe('staff map of open reports, and merging duplicates', () => {
  let t: TestContext;
  let w: ReportWorld;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await createReportWorld(t.db);
  });
  afterAll(async () => t.close());

  const file = async (point: { lng: number; lat: number }, category = w.category.pothole.code, user = w.rider) => {
    const res = await submit(t.app, user, { category, point });
    expect(res.statusCode).toBe(201);
    return res.json().report.id as string;
  };
  const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((i) => i.id);
  // The whole of district A (streets A1 and A2 and the district queue).
  const box = 'south=39.88&west=116.38&north=39.97&east=116.5';

  describe('map by viewport', () => {
    let a1: string;
    let a2: string;
    let queue: string;
    let rejected: string;
    beforeAll(async () => {
      a1 = await file(w.points.a1);
      a2 = await file(w.points.a2);
      queue = await file(w.points.districtQueue);
      rejected = await file({ lng: 116.421, lat: 39.921 });
      await act(t.app, w.operatorA1, rejected, { action: 'reject', reason: 'not_hazard' });
    });

    it('an operator sees only the open reports of its street in the viewport', async () => {
      const res = await call(t.app, w.operatorA1, 'GET', `/api/v1/staff/reports/map?${box}`);
      expect(res.statusCode).toBe(200);
      expect(ids(res)).toContain(a1);
      expect(ids(res)).not.toContain(a2);
      expect(ids(res)).not.toContain(queue);
      expect(ids(res)).not.toContain(rejected);
      expect(res.json().items.find((p: { id: string }) => p.id === a1)).toMatchObject({
        lat: w.points.a1.lat,
        lng: w.points.a1.lng,
        state: 'submitted',
        streetName: '甲一街道',
        overdue: false,
      });
      expect(res.json().truncated).toBe(false);
    });

    it('a district admin sees its whole district, the district queue included; nothing outside the viewport', async () => {
      const all = ids(await call(t.app, w.adminA, 'GET', `/api/v1/staff/reports/map?${box}`));
      expect(all).toEqual(expect.arrayContaining([a1, a2, queue]));
      const west = ids(
        await call(t.app, w.adminA, 'GET', '/api/v1/staff/reports/map?south=39.9&west=116.4&north=39.95&east=116.44'),
      );
      expect(west).toContain(a1);
      expect(west).not.toContain(a2);
      expect(ids(await call(t.app, w.adminB, 'GET', `/api/v1/staff/reports/map?${box}`))).toEqual([]);
    });

    it('a WGS-84 viewport is converted; the limit truncates and says so', async () => {
      const sw = gcj02ToWgs84({ lat: 39.88, lng: 116.38 });
      const ne = gcj02ToWgs84({ lat: 39.97, lng: 116.5 });
      const wgs = await call(
        t.app,
        w.adminA,
        'GET',
        `/api/v1/staff/reports/map?south=${sw.lat}&west=${sw.lng}&north=${ne.lat}&east=${ne.lng}&coordSystem=wgs84`,
      );
      expect(ids(wgs)).toEqual(expect.arrayContaining([a1, a2, queue]));
      const one = await call(t.app, w.adminA, 'GET', `/api/v1/staff/reports/map?${box}&limit=1`);
      expect(one.json().items).toHaveLength(1);
      expect(one.json().truncated).toBe(true);
    });

    it.each([
      ['a viewport wider than 30 km', 'south=39.5&west=116&north=40.2&east=117', 400, 'BOX_TOO_LARGE'],
      ['south above north', 'south=39.97&west=116.38&north=39.88&east=116.5', 400, 'VALIDATION_FAILED'],
      ['a limit over 500', `${box}&limit=501`, 400, 'VALIDATION_FAILED'],
      ['a missing edge', 'south=39.88&west=116.38&north=39.97', 400, 'VALIDATION_FAILED'],
    ])('refuses %s', async (_label, query, status, code) => {
      expectError(await call(t.app, w.adminA, 'GET', `/api/v1/staff/reports/map?${query}`), status, code);
    });

    it('riders and other roles are refused', async () => {
      expectError(await call(t.app, w.rider, 'GET', `/api/v1/staff/reports/map?${box}`), 403, 'FORBIDDEN');
    });

    it('the H5 list: the scope’s open reports nearest first, with distances', async () => {
      const here = { lat: 39.92, lng: 116.45 }; // in A2, closest to a2
      const res = await call(t.app, w.adminA, 'GET', `/api/v1/staff/reports/nearest?lat=${here.lat}&lng=${here.lng}`);
      const items = res.json().items as { id: string; distanceM: number }[];
      expect(items[0]!.id).toBe(a2);
      expect(items.map((i) => i.distanceM)).toEqual([...items.map((i) => i.distanceM)].sort((x, y) => x - y));
      expect(items.map((i) => i.id)).not.toContain(rejected);
      const op = ids(
        await call(t.app, w.operatorA1, 'GET', `/api/v1/staff/reports/nearest?lat=${here.lat}&lng=${here.lng}`),
      );
      expect(op).toContain(a1);
      expect(op).not.toContain(a2);
    });
  });

  describe('merge candidates and merging', () => {
    it('offers open reports of the same category nearby, with distance, in scope, not itself', async () => {
      const base = { lng: 116.425, lat: 39.935 };
      const dup = await file(base, w.category.manhole.code, w.rider2);
      const near = await file({ lng: 116.4265, lat: 39.935 }, w.category.manhole.code); // ~128 m
      const far = await file({ lng: 116.436, lat: 39.935 }, w.category.manhole.code); // ~940 m
      const other = await file({ lng: 116.4251, lat: 39.935 }, w.category.signal.code);
      const res = await call(t.app, w.operatorA1, 'GET', `/api/v1/staff/reports/${dup}/merge-candidates`);
      expect(res.statusCode).toBe(200);
      const items = res.json().items;
      expect(items.map((i: { id: string }) => i.id)).toEqual([near]);
      expect(items[0].distanceM).toBeGreaterThan(100);
      expect(items[0].distanceM).toBeLessThan(150);
      expect(items.map((i: { id: string }) => i.id)).not.toContain(far);
      expect(items.map((i: { id: string }) => i.id)).not.toContain(other);
      expectError(
        await call(t.app, w.operatorA2, 'GET', `/api/v1/staff/reports/${dup}/merge-candidates`),
        403,
        'OUT_OF_SCOPE',
      );

      // Merge: the duplicate is rejected, its reporter told; the kept one gains a confirmation.
      const merged = await call(t.app, w.operatorA1, 'POST', `/api/v1/staff/reports/${dup}/merge`, { intoId: near });
      expect(merged.json()).toMatchObject({ state: 'rejected', rejectReason: 'duplicate', duplicateOfId: near });
      const inbox = (await call(t.app, w.rider2, 'GET', '/api/v1/notifications')).json().items;
      expect(inbox.find((n: { reportId: string }) => n.reportId === dup)).toMatchObject({ kind: 'report_rejected' });
      expect((await call(t.app, w.operatorA1, 'GET', `/api/v1/reports/${near}`)).json().confirmations).toBe(1);
      // A rejected report offers no further candidates to merge into it.
      const again = (await call(t.app, w.operatorA1, 'GET', `/api/v1/staff/reports/${near}/merge-candidates`)).json();
      expect(again.items.map((i: { id: string }) => i.id)).not.toContain(dup);
    });
  });
});
