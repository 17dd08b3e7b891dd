import { eq } from 'drizzle-orm';
import { accessEvents, passes, reports, streets } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { createCommunity, getAs } from '../../fixtures/factories.js';
import { createReportWorld, type ReportWorld } from '../../fixtures/reports.js';

// Now: 2026-03-10 12:00 in Shanghai (04:00 UTC). "Today" runs from 2026-03-09T16:00Z to 2026-03-10T16:00Z.
const NOW = new Date('2026-03-10T04:00:00Z');
const at = (iso: string, plusMinutes = 0) => new Date(new Date(iso).getTime() + plusMinutes * 60_000);

describe('数据看板 dashboards', () => {
  let t: TestContext;
  let w: ReportWorld;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp({}, { now: () => NOW });
    w = await createReportWorld(t.db);
    // Streets are listed by code; the fixture's codes are random, so these two get ordered ones.
    for (const [street, code] of [
      [w.a1, 'DASH-A1'],
      [w.a2, 'DASH-A2'],
    ] as const)
      await t.db.update(streets).set({ code }).where(eq(streets.id, street.id));
    const base = (key: string, streetId: string, districtId: string, created: Date) => ({
      reporterId: w.rider.id,
      idempotencyKey: `dash-${key}`,
      categoryId: w.category.pothole.id,
      lat: 39.92,
      lng: 116.42,
      districtId,
      streetId,
      createdAt: created,
      acceptDueAt: at(created.toISOString(), 30),
      fixDueAt: at(created.toISOString(), 24 * 60),
    });
    const A = w.districtA.id;
    // R1: filed one minute before Shanghai midnight (yesterday), accepted/fixed today; all on time.
    const c1 = at('2026-03-09T15:59:00Z');
    // R2: filed exactly at Shanghai midnight (today); accepted and on site late; not fixed.
    const c2 = at('2026-03-09T16:00:00Z');
    // R3: filed today, never accepted: overdue since 01:30Z (150 minutes at NOW).
    const c3 = at('2026-03-10T01:00:00Z');
    // R4: filed five days ago, accepted exactly at its deadline, fixed six hours late.
    const c4 = at('2026-03-05T00:00:00Z');
    const rows = await t.db
      .insert(reports)
      .values([
        {
          ...base('r1', w.a1.id, A, c1),
          state: 'fixed',
          acceptedAt: at(c1.toISOString(), 10),
          dispatchedAt: at(c1.toISOString(), 20),
          onSiteDueAt: at(c1.toISOString(), 50),
          onSiteAt: at(c1.toISOString(), 40),
          fixedAt: at(c1.toISOString(), 120),
        },
        {
          ...base('r2', w.a1.id, A, c2),
          state: 'on_site',
          acceptedAt: at(c2.toISOString(), 50),
          dispatchedAt: at(c2.toISOString(), 60),
          onSiteDueAt: at(c2.toISOString(), 90),
          onSiteAt: at(c2.toISOString(), 110),
        },
        { ...base('r3', w.a1.id, A, c3), state: 'submitted' },
        {
          ...base('r4', w.a1.id, A, c4),
          state: 'fixed',
          acceptedAt: at(c4.toISOString(), 30),
          fixedAt: at(c4.toISOString(), 30 * 60),
        },
        {
          ...base('r5', w.a2.id, A, at('2026-03-10T02:00:00Z')),
          state: 'accepted',
          acceptedAt: at('2026-03-10T02:20:00Z'),
        },
        // Another district: never counted for district A.
        { ...base('r6', w.b1.id, w.districtB.id, at('2026-03-10T02:00:00Z')), state: 'submitted' },
      ])
      .returning({ id: reports.id, key: reports.idempotencyKey });
    for (const r of rows) ids[r.key.replace('dash-', '')] = r.id;

    const cA1 = await createCommunity(t.db, w.a1.id, '甲一小区');
    const cA2 = await createCommunity(t.db, w.a2.id, '甲二小区');
    const cB1 = await createCommunity(t.db, w.b1.id, '乙一小区');
    const ev = (communityId: string, granted: boolean, reason: string, iso: string) => ({
      communityId,
      riderId: w.rider.id,
      method: 'gate_code',
      granted,
      reason,
      scannedAt: new Date(iso),
      createdAt: new Date(iso),
    });
    await t.db.insert(accessEvents).values([
      ev(cA1.id, true, 'OK', '2026-03-10T00:30:00Z'), // 08:30 Shanghai
      ev(cA1.id, false, 'NO_PASS', '2026-03-10T00:45:00Z'), // 08:45
      ev(cA1.id, false, 'NO_PASS', '2026-03-09T15:59:59Z'), // 23:59:59 yesterday
      ev(cA2.id, false, 'TOO_FAR', '2026-03-10T02:00:00Z'), // 10:00
      ev(cB1.id, false, 'NO_PASS', '2026-03-10T02:00:00Z'), // another district
    ]);
    await t.db.insert(passes).values([
      {
        riderId: w.rider.id,
        communityId: cA1.id,
        status: 'approved',
        appliedAt: at('2026-03-10T01:00:00Z'),
        decidedAt: at('2026-03-10T01:30:00Z'),
      },
      { riderId: w.rider2.id, communityId: cA1.id, status: 'pending', appliedAt: at('2026-03-10T02:00:00Z') },
      {
        riderId: w.rider.id,
        communityId: cA2.id,
        status: 'rejected',
        appliedAt: at('2026-03-10T00:00:00Z'),
        decidedAt: at('2026-03-10T02:00:00Z'),
      },
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, user: { id: string; role: string }) => getAs(t.app, url, user);

  describe('随手拍', () => {
    it('today for a street: counts by Shanghai day, times against deadlines, overdue now', async () => {
      const res = await get('/api/v1/dashboards/reports?period=today', w.operatorA1);
      expect(res.statusCode).toBe(200);
      const d = res.json();
      expect(d.scope).toEqual({ kind: 'street', id: w.a1.id, name: '甲一街道' });
      expect(d.period).toEqual({
        from: '2026-03-10',
        to: '2026-03-10',
        days: 1,
        start: '2026-03-09T16:00:00.000Z',
        end: '2026-03-10T16:00:00.000Z',
      });
      // R2 (at midnight) and R3 filed today; R1 (23:59 yesterday) was accepted and fixed today.
      expect(d.daily).toEqual([{ day: '2026-03-10', filed: 2, accepted: 2, fixed: 1 }]);
      expect(d.totals).toEqual({ filed: 2, accepted: 2, fixed: 1, openNow: 2 });
      expect(d.times.toAccept).toEqual({ count: 1, p50: 50, p90: 50, deadline: 30, withinDeadline: 0 });
      expect(d.times.toOnSite).toEqual({ count: 1, p50: 50, p90: 50, deadline: 30, withinDeadline: 0 });
      expect(d.times.toFix).toEqual({ count: 0, p50: null, p90: null, deadline: null, withinDeadline: 0 });
      expect(d.overdue).toEqual([
        {
          id: ids.r3,
          category: '道路坑洼',
          state: 'submitted',
          streetName: '甲一街道',
          dueAt: '2026-03-10T01:30:00.000Z',
          overdueMinutes: 150,
        },
      ]);
      expect(d.overdueTotal).toBe(1);
      expect(d.streets).toEqual([]);
      expect(d.byCategory).toEqual([{ code: w.category.pothole.code, name: '道路坑洼', filed: 2, fixed: 0 }]);
    });

    it('7 days: zero-filled days, median and 90th percentile', async () => {
      const d = (await get('/api/v1/dashboards/reports?period=7d', w.operatorA1)).json();
      expect(d.period).toMatchObject({ from: '2026-03-04', to: '2026-03-10', days: 7 });
      expect(d.daily).toEqual([
        { day: '2026-03-04', filed: 0, accepted: 0, fixed: 0 },
        { day: '2026-03-05', filed: 1, accepted: 1, fixed: 0 },
        { day: '2026-03-06', filed: 0, accepted: 0, fixed: 1 },
        { day: '2026-03-07', filed: 0, accepted: 0, fixed: 0 },
        { day: '2026-03-08', filed: 0, accepted: 0, fixed: 0 },
        { day: '2026-03-09', filed: 1, accepted: 0, fixed: 0 },
        { day: '2026-03-10', filed: 2, accepted: 2, fixed: 1 },
      ]);
      // Accept: 10, 30 (at the deadline: on time), 50 → p50 30, p90 30 + 0.8 × 20 = 46.
      expect(d.times.toAccept).toEqual({ count: 3, p50: 30, p90: 46, deadline: 30, withinDeadline: 2 });
      // On site from dispatch: 20, 50 → p50 35, p90 47.
      expect(d.times.toOnSite).toEqual({ count: 2, p50: 35, p90: 47, deadline: 30, withinDeadline: 1 });
      // Fix: 120, 1800 → p50 960, p90 120 + 0.9 × 1680 = 1632; deadline 24 h.
      expect(d.times.toFix).toEqual({ count: 2, p50: 960, p90: 1632, deadline: 1440, withinDeadline: 1 });
    });

    it('a custom day ends at Shanghai midnight', async () => {
      const d = (
        await get('/api/v1/dashboards/reports?period=custom&from=2026-03-09&to=2026-03-09', w.operatorA1)
      ).json();
      expect(d.daily).toEqual([{ day: '2026-03-09', filed: 1, accepted: 0, fixed: 0 }]);
      expect(d.period).toMatchObject({ start: '2026-03-08T16:00:00.000Z', end: '2026-03-09T16:00:00.000Z' });
    });

    it('the district admin compares its streets; another district is not counted', async () => {
      const d = (await get('/api/v1/dashboards/reports?period=today', w.adminA)).json();
      expect(d.scope).toEqual({ kind: 'district', id: w.districtA.id, name: '甲区' });
      expect(d.totals).toEqual({ filed: 3, accepted: 3, fixed: 1, openNow: 3 });
      expect(d.streets).toEqual([
        {
          streetId: w.a1.id,
          name: '甲一街道',
          filed: 2,
          fixed: 1,
          openNow: 2,
          overdueNow: 1,
          p50ToAccept: 50,
          p90ToFix: null,
          fixedWithinDeadline: 1,
        },
        {
          streetId: w.a2.id,
          name: '甲二街道',
          filed: 1,
          fixed: 0,
          openNow: 1,
          overdueNow: 0,
          p50ToAccept: 20,
          p90ToFix: null,
          fixedWithinDeadline: 0,
        },
      ]);
      // The map's layer: the open reports now, the overdue one first.
      expect(d.districtId).toBe(w.districtA.id);
      expect(d.openPins.map((p: { id: string; overdue: boolean }) => [p.id, p.overdue])).toEqual([
        [ids.r3, true],
        [ids.r2, false],
        [ids.r5, false],
      ]);
      // Narrowed to one street of its district.
      const one = (await get(`/api/v1/dashboards/reports?period=today&streetId=${w.a2.id}`, w.adminA)).json();
      expect(one.scope).toEqual({ kind: 'street', id: w.a2.id, name: '甲二街道' });
      expect(one.totals.filed).toBe(1);
    });

    it('refuses other scopes and other roles', async () => {
      expectError(await get(`/api/v1/dashboards/reports?streetId=${w.a2.id}`, w.operatorA1), 403, 'OUT_OF_SCOPE');
      expectError(await get(`/api/v1/dashboards/reports?streetId=${w.b1.id}`, w.adminA), 403, 'OUT_OF_SCOPE');
      expectError(await get(`/api/v1/dashboards/access?streetId=${w.b1.id}`, w.adminA), 403, 'OUT_OF_SCOPE');
      expect((await get('/api/v1/dashboards/reports', w.rider)).statusCode).toBe(403);
    });

    it.each([
      ['period=custom&from=2026-03-10&to=2026-03-01', 'DASHBOARD_PERIOD_INVALID', 'from'],
      ['period=custom&from=2026-02-30&to=2026-03-01', 'DASHBOARD_PERIOD_INVALID', 'from'],
      ['period=custom&from=2026-03-01', 'DASHBOARD_PERIOD_INVALID', 'to'],
      ['period=custom&from=2026-03-11&to=2026-03-12', 'DASHBOARD_PERIOD_INVALID', 'from'],
      ['period=7d&from=2026-03-01', 'DASHBOARD_PERIOD_INVALID', 'from'],
      ['period=custom&from=2025-03-09&to=2026-03-10', 'DASHBOARD_PERIOD_TOO_LONG', 'to'],
    ])('refuses %s with a Chinese 400', async (query, code, field) => {
      const body = expectError(await get(`/api/v1/dashboards/reports?${query}`, w.operatorA1), 400, code);
      expect(body.field).toBe(field);
    });

    it('accepts the longest range, 366 days', async () => {
      const res = await get('/api/v1/dashboards/reports?period=custom&from=2025-03-10&to=2026-03-10', w.operatorA1);
      expect(res.statusCode).toBe(200);
      expect(res.json().daily).toHaveLength(366);
    });

    it('exports each table as CSV', async () => {
      const daily = await get('/api/v1/dashboards/reports.csv?period=7d&table=daily', w.operatorA1);
      expect(daily.headers['content-type']).toMatch(/^text\/csv/);
      const lines = daily.body.split('\r\n');
      expect(lines[0]).toBe('\ufeff"日期","上报","受理","修复"');
      expect(lines).toContain('"2026-03-10","2","2","1"');
      const overdue = await get('/api/v1/dashboards/reports.csv?period=today&table=overdue', w.operatorA1);
      expect(overdue.body.split('\r\n')[1]).toBe(
        `"${ids.r3}","道路坑洼","待受理","甲一街道","2026-03-10T01:30:00.000Z","150"`,
      );
      const streets = await get('/api/v1/dashboards/reports.csv?period=today&table=streets', w.adminA);
      expect(streets.body.split('\r\n')[1]).toBe('"甲一街道","2","1","1","2","1","50",""');
      expectError(await get('/api/v1/dashboards/reports.csv?table=daily', w.rider), 403, 'FORBIDDEN');
    });
  });

  describe('暖新码', () => {
    it('today for a street: per hour, per community, reasons, passes', async () => {
      const d = (await get('/api/v1/dashboards/access?period=today', w.operatorA1)).json();
      expect(d.totals).toEqual({ scans: 2, refusals: 1 });
      expect(d.byHour).toHaveLength(24);
      expect(d.byHour[8]).toEqual({ hour: 8, scans: 2, refusals: 1 });
      expect(d.byHour.filter((h: { scans: number }) => h.scans > 0)).toHaveLength(1);
      expect(d.byCommunity).toEqual([
        { communityId: expect.any(String), name: '甲一小区', streetName: '甲一街道', scans: 2, refusals: 1 },
      ]);
      expect(d.reasons).toEqual([{ reason: 'NO_PASS', count: 1 }]);
      expect(d.passes).toEqual({
        applied: 2,
        approved: 1,
        rejected: 0,
        pending: 1,
        decided: 1,
        p50DecisionMinutes: 30,
        p90DecisionMinutes: 30,
      });
    });

    it('7 days include 23:59:59 yesterday in its own day and hour', async () => {
      const d = (await get('/api/v1/dashboards/access?period=7d', w.operatorA1)).json();
      expect(d.totals).toEqual({ scans: 3, refusals: 2 });
      expect(d.daily.slice(-2)).toEqual([
        { day: '2026-03-09', scans: 1, refusals: 1 },
        { day: '2026-03-10', scans: 2, refusals: 1 },
      ]);
      expect(d.byHour[23]).toEqual({ hour: 23, scans: 1, refusals: 1 });
    });

    it('the district: all its communities, not another district’s', async () => {
      const d = (await get('/api/v1/dashboards/access?period=today', w.adminA)).json();
      expect(d.totals).toEqual({ scans: 3, refusals: 2 });
      expect(d.reasons).toEqual([
        { reason: 'NO_PASS', count: 1 },
        { reason: 'TOO_FAR', count: 1 },
      ]);
      expect(d.byCommunity.map((c: { name: string }) => c.name)).toEqual(['甲一小区', '甲二小区']);
      // Decisions after 30 and 120 minutes: p50 75, p90 30 + 0.9 × 90 = 111.
      expect(d.passes).toMatchObject({ applied: 3, decided: 2, p50DecisionMinutes: 75, p90DecisionMinutes: 111 });
      const csv = await get('/api/v1/dashboards/access.csv?period=today&table=reasons', w.adminA);
      expect(csv.body).toBe('\ufeff"拒绝原因","次数"\r\n"你还没有该小区的通行证","1"\r\n"你离这个门岗太远","1"\r\n');
    });
  });
});
