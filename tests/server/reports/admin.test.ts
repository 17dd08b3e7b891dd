import { eq } from 'drizzle-orm';
import pg from 'pg';
import { reports } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { testEngine } from '../../support/engine.js';
import { expectError } from '../../support/http.js';
import { createUser } from '../../fixtures/factories.js';
import { act, call, createReportWorld, submit, type ReportWorld } from '../../fixtures/reports.js';

describe('随手拍 routing data: categories, teams and routes', () => {
  let t: TestContext;
  let w: ReportWorld;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await createReportWorld(t.db);
  });
  afterAll(async () => t.close());

  const newCategory = (code: string, extra: Record<string, unknown> = {}) =>
    call(t.app, w.adminA, 'POST', '/api/v1/staff/report-categories', {
      code,
      name: '护栏损坏',
      icon: '栏',
      acceptWithinMinutes: 60,
      fixWithinHours: 48,
      ...extra,
    });
  const file = async (category: string, point = w.points.a1, user = w.rider) => {
    const res = await submit(t.app, user, { category, point });
    expect({ status: res.statusCode, body: res.statusCode === 201 ? null : res.json() }).toEqual({
      status: 201,
      body: null,
    });
    return res.json().report as {
      id: string;
      teamId: string | null;
      streetId: string | null;
      fixDueAt: string;
      createdAt: string;
    };
  };

  describe('categories (district admins)', () => {
    it('an admin adds a category; riders can pick it at once, last in the list', async () => {
      const res = await newCategory('guardrail');
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ code: 'guardrail', name: '护栏损坏', icon: '栏', active: true, inUse: false });
      const list = (await call(t.app, w.rider, 'GET', '/api/v1/report-categories')).json().items;
      expect(list[list.length - 1]).toMatchObject({ code: 'guardrail', acceptWithinMinutes: 60, fixWithinHours: 48 });
    });

    it.each([
      ['a code already taken', { code: 'guardrail' }, 409, 'CATEGORY_CODE_TAKEN'],
      ['an icon outside the fixed set', { code: 'x_icon', icon: '😀' }, 400, 'VALIDATION_FAILED'],
      ['an SLA of 0 hours', { code: 'x_sla', fixWithinHours: 0 }, 400, 'VALIDATION_FAILED'],
      ['a code with capitals', { code: 'Bad-Code' }, 400, 'VALIDATION_FAILED'],
    ])('refuses %s', async (_label, body, status, code) => {
      expectError(await newCategory(String(body.code), body), status, code);
    });

    it('only district admins manage categories', async () => {
      expectError(await call(t.app, w.operatorA1, 'GET', '/api/v1/staff/report-categories'), 403, 'FORBIDDEN');
      expectError(
        await call(t.app, w.rider, 'POST', '/api/v1/staff/report-categories', { code: 'r', name: 'r', icon: '他' }),
        403,
        'FORBIDDEN',
      );
      const unscoped = await createUser(t.db, 'district_admin', [], '无辖区管理员');
      expectError(await call(t.app, unscoped, 'GET', '/api/v1/staff/report-categories'), 403, 'OUT_OF_SCOPE');
    });

    it('a renamed category and a new SLA apply to new reports; filed reports keep their due time', async () => {
      const before = await file(w.category.signal.code);
      const res = await call(t.app, w.adminA, 'PATCH', `/api/v1/staff/report-categories/${w.category.signal.id}`, {
        name: '红绿灯故障',
        icon: '电',
        fixWithinHours: 4,
      });
      expect(res.json()).toMatchObject({ name: '红绿灯故障', icon: '电', fixWithinHours: 4, inUse: true });
      const after = await file(w.category.signal.code);
      const hours = (r: { fixDueAt: string; createdAt: string }) =>
        (Date.parse(r.fixDueAt) - Date.parse(r.createdAt)) / 3600_000;
      expect(hours(after)).toBeCloseTo(4, 3);
      const [old] = await t.db.select().from(reports).where(eq(reports.id, before.id));
      expect((old!.fixDueAt.getTime() - old!.createdAt.getTime()) / 3600_000).toBeCloseTo(24, 3);
      const detail = (await call(t.app, w.rider, 'GET', `/api/v1/reports/${before.id}`)).json();
      expect(detail.category.name).toBe('红绿灯故障');
    });

    it('a deactivated category is not offered and refuses new reports; reactivating brings it back', async () => {
      const r = await file(w.category.manhole.code);
      const off = await call(t.app, w.adminA, 'PATCH', `/api/v1/staff/report-categories/${w.category.manhole.id}`, {
        active: false,
      });
      expect(off.json()).toMatchObject({ active: false, inUse: true });
      const codes = (await call(t.app, w.rider, 'GET', '/api/v1/report-categories'))
        .json()
        .items.map((c: { code: string }) => c.code);
      expect(codes).not.toContain(w.category.manhole.code);
      expectError(
        await submit(t.app, w.rider, { category: w.category.manhole.code, point: w.points.a1 }),
        400,
        'CATEGORY_UNKNOWN',
      );
      // The filed report is untouched and still worked on.
      expect((await act(t.app, w.operatorA1, r.id, { action: 'accept' })).json().state).toBe('accepted');
      const all = (await call(t.app, w.adminA, 'GET', '/api/v1/staff/report-categories')).json().items;
      expect(all.find((c: { id: string }) => c.id === w.category.manhole.id)).toMatchObject({ active: false });
      await call(t.app, w.adminA, 'PATCH', `/api/v1/staff/report-categories/${w.category.manhole.id}`, {
        active: true,
      });
      await file(w.category.manhole.code);
    });

    // Needs a second connection holding the category's lock: PostgreSQL only (PGlite has one).
    const itPostgres = testEngine() === 'postgres' ? it : it.skip;
    itPostgres(
      'a report filed while its (unused) category is being deleted gets CATEGORY_UNKNOWN, never a 500',
      async () => {
        const created = (await newCategory('race_category')).json();
        const admin = new pg.Client({ connectionString: (t.database as { url?: string }).url });
        await admin.connect();
        try {
          // The admin's delete has locked the category row (deleteCategory's FOR UPDATE) and not committed.
          await admin.query('BEGIN');
          await admin.query('SELECT id FROM report_categories WHERE id = $1 FOR UPDATE', [created.id]);
          const filing = submit(t.app, w.rider, { category: created.code, point: w.points.a1 });
          // The report's insert waits on the category's key lock…
          let waiting = false;
          for (let i = 0; i < 200 && !waiting; i++) {
            // Activity is read once per transaction unless the snapshot is cleared.
            await admin.query('SELECT pg_stat_clear_snapshot()');
            const { rows } = await admin.query(
              "SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'insert into _reports_ %'",
            );
            waiting = rows.length > 0;
            if (!waiting) await new Promise((r) => setTimeout(r, 25));
          }
          expect(waiting).toBe(true);
          // …and the delete commits first.
          await admin.query('DELETE FROM category_routes WHERE category_id = $1', [created.id]);
          await admin.query('DELETE FROM report_categories WHERE id = $1', [created.id]);
          await admin.query('COMMIT');
          expectError(await filing, 400, 'CATEGORY_UNKNOWN');
          expect(await t.db.$count(reports, eq(reports.categoryId, created.id))).toBe(0);
        } finally {
          await admin.end();
        }
      },
    );

    it('a category in use is never deleted; an unused one is, with its routes', async () => {
      await file(w.category.pothole.code);
      expectError(
        await call(t.app, w.adminA, 'DELETE', `/api/v1/staff/report-categories/${w.category.pothole.id}`),
        409,
        'CATEGORY_IN_USE',
      );
      const created = (await newCategory('typo_category')).json();
      const routed = await call(t.app, w.operatorA1, 'PUT', `/api/v1/staff/streets/${w.a1.id}/routes/${created.id}`, {
        teamId: w.teamOf[w.a1.id],
      });
      expect(routed.statusCode).toBe(200);
      const del = await call(t.app, w.adminA, 'DELETE', `/api/v1/staff/report-categories/${created.id}`);
      expect(del.statusCode).toBe(204);
      const all = (await call(t.app, w.adminA, 'GET', '/api/v1/staff/report-categories')).json().items;
      expect(all.map((c: { id: string }) => c.id)).not.toContain(created.id);
      expectError(
        await call(t.app, w.adminA, 'DELETE', `/api/v1/staff/report-categories/${created.id}`),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('teams and routes (street staff)', () => {
    const routing = (user: { id: string; role: string }, streetId: string) =>
      call(t.app, user, 'GET', `/api/v1/staff/streets/${streetId}/routing`);
    const route = (user: { id: string; role: string }, streetId: string, categoryId: string, teamId: string | null) =>
      call(t.app, user, 'PUT', `/api/v1/staff/streets/${streetId}/routes/${categoryId}`, { teamId });

    it('an operator sees its street’s teams (own and district-wide) and one row per category', async () => {
      const res = await routing(w.operatorA1, w.a1.id);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.street).toMatchObject({ id: w.a1.id, name: '甲一街道' });
      expect(body.teams.map((x: { name: string }) => x.name)).toEqual(['甲一街道应急队', '甲区养护中心']);
      const pothole = body.routes.find((r: { category: { id: string } }) => r.category.id === w.category.pothole.id);
      expect(pothole).toMatchObject({ teamId: w.teamOf[w.a1.id], teamName: '甲一街道应急队' });
    });

    it('scope is strict: another street’s operator and another district’s admin are refused', async () => {
      expectError(await routing(w.operatorA2, w.a1.id), 403, 'OUT_OF_SCOPE');
      expectError(await routing(w.adminB, w.a1.id), 403, 'OUT_OF_SCOPE');
      expectError(await route(w.operatorA2, w.a1.id, w.category.pothole.id, w.teamOf[w.a2.id]!), 403, 'OUT_OF_SCOPE');
      expectError(
        await call(t.app, w.operatorA2, 'POST', '/api/v1/staff/teams', { name: '越权队', streetId: w.a1.id }),
        403,
        'OUT_OF_SCOPE',
      );
      expectError(
        await call(t.app, w.operatorA1, 'PATCH', `/api/v1/staff/teams/${w.teamOf[w.a2.id]}`, { name: 'x' }),
        403,
        'OUT_OF_SCOPE',
      );
      // District-wide teams are the district admin's.
      expectError(
        await call(t.app, w.operatorA1, 'PATCH', `/api/v1/staff/teams/${w.districtTeam.id}`, { name: 'x' }),
        403,
        'OUT_OF_SCOPE',
      );
      expectError(
        await call(t.app, w.operatorA1, 'POST', '/api/v1/staff/teams', { name: '区级队' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await call(t.app, w.rider, 'GET', `/api/v1/staff/streets/${w.a1.id}/routing`), 403, 'FORBIDDEN');
    });

    it('a new route sends new reports to the new team; reports already filed keep theirs', async () => {
      const before = await file(w.category.pothole.code);
      expect(before.teamId).toBe(w.teamOf[w.a1.id]);
      const team = await call(t.app, w.operatorA1, 'POST', '/api/v1/staff/teams', {
        name: '甲一夜间抢修队',
        streetId: w.a1.id,
      });
      expect(team.statusCode).toBe(201);
      expect(team.json()).toMatchObject({ name: '甲一夜间抢修队', streetId: w.a1.id, active: true, routes: 0 });
      const res = await route(w.operatorA1, w.a1.id, w.category.pothole.id, team.json().id);
      expect(res.statusCode).toBe(200);
      const after = await file(w.category.pothole.code);
      expect(after.teamId).toBe(team.json().id);
      const [old] = await t.db.select().from(reports).where(eq(reports.id, before.id));
      expect(old!.teamId).toBe(w.teamOf[w.a1.id]);
      // Other streets are not affected.
      expect((await file(w.category.pothole.code, w.points.a2)).teamId).toBe(w.teamOf[w.a2.id]);
      // Unrouted: reports arrive without a team.
      await route(w.operatorA1, w.a1.id, w.category.pothole.id, null);
      expect((await file(w.category.pothole.code)).teamId).toBeNull();
      await route(w.operatorA1, w.a1.id, w.category.pothole.id, w.teamOf[w.a1.id]!);
    });

    it('a district admin routes a street to a district-wide team; never to another street’s team', async () => {
      const ok = await route(w.adminA, w.a2.id, w.category.signal.id, w.districtTeam.id);
      expect(ok.statusCode).toBe(200);
      expect((await file(w.category.signal.code, w.points.a2)).teamId).toBe(w.districtTeam.id);
      expectError(await route(w.adminA, w.a2.id, w.category.signal.id, w.teamOf[w.a1.id]!), 400, 'TEAM_UNKNOWN');
      expectError(await route(w.adminA, w.a2.id, w.category.signal.id, w.teamOf[w.b1.id]!), 400, 'TEAM_UNKNOWN');
      const district = await call(t.app, w.adminA, 'POST', '/api/v1/staff/teams', { name: '甲区排水中心' });
      expect(district.json()).toMatchObject({ streetId: null });
      expectError(
        await call(t.app, w.adminA, 'POST', '/api/v1/staff/teams', { name: '乙区队', districtId: w.districtB.id }),
        403,
        'OUT_OF_SCOPE',
      );
    });

    it('a team still routed cannot be deactivated; once unrouted it can, and is offered nowhere', async () => {
      const team = (
        await call(t.app, w.operatorA1, 'POST', '/api/v1/staff/teams', { name: '临时队', streetId: w.a1.id })
      ).json();
      await route(w.operatorA1, w.a1.id, w.category.manhole.id, team.id);
      expectError(
        await call(t.app, w.operatorA1, 'PATCH', `/api/v1/staff/teams/${team.id}`, { active: false }),
        409,
        'TEAM_IN_USE',
      );
      await route(w.operatorA1, w.a1.id, w.category.manhole.id, w.teamOf[w.a1.id]!);
      const off = await call(t.app, w.operatorA1, 'PATCH', `/api/v1/staff/teams/${team.id}`, {
        active: false,
        name: '临时队（停用）',
      });
      expect(off.json()).toMatchObject({ active: false, name: '临时队（停用）' });
      const dispatchable = (await call(t.app, w.operatorA1, 'GET', '/api/v1/staff/teams')).json().items;
      expect(dispatchable.map((x: { id: string }) => x.id)).not.toContain(team.id);
      expectError(await route(w.operatorA1, w.a1.id, w.category.manhole.id, team.id), 400, 'TEAM_UNKNOWN');
      const r = await file(w.category.manhole.code);
      await act(t.app, w.operatorA1, r.id, { action: 'accept' });
      expectError(await act(t.app, w.operatorA1, r.id, { action: 'dispatch', teamId: team.id }), 400, 'TEAM_UNKNOWN');
    });
  });
});
