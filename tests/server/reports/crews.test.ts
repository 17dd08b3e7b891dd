import { and, eq } from 'drizzle-orm';
import {
  auditLog,
  notificationOutbox,
  notifications,
  pointTransfers,
  reportAlerts,
  reports,
  teams,
  users,
} from '../../../server/src/db/schema/index.js';
import { alertOverdueReports } from '../../../server/src/reports/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { createCommunity, createUser } from '../../fixtures/factories.js';
import { act, call, createReportWorld, fix, jpeg, submit, type ReportWorld } from '../../fixtures/reports.js';

type User = { id: string; role: string };
const MIN = 60_000;

describe('field crews: dispatch to a team and member, the crew queue, on site and fixed', () => {
  let t: TestContext;
  let w: ReportWorld;
  /** Crew members: two of A1's team, one of A2's team, one suspended of A1's team. */
  let crewA1: User;
  let crewA1b: User;
  let crewA2: User;
  let suspended: User;

  const crew = async (teamId: string, name: string) =>
    createUser(t.db, 'crew_member', [{ kind: 'team', refId: teamId }] as never, name);

  beforeAll(async () => {
    t = await buildTestApp();
    w = await createReportWorld(t.db);
    crewA1 = await crew(w.teamOf[w.a1.id]!, '甲一应急队 赵队员');
    crewA1b = await crew(w.teamOf[w.a1.id]!, '甲一应急队 孙队员');
    crewA2 = await crew(w.teamOf[w.a2.id]!, '甲二应急队 钱队员');
    suspended = await crew(w.teamOf[w.a1.id]!, '甲一应急队 停用队员');
    await t.db.update(users).set({ status: 'suspended' }).where(eq(users.id, suspended.id));
  });
  afterAll(async () => t.close());

  /** A report of street A1 (or A2) moved to `state` by its operator. */
  const reportIn = async (
    street: 'a1' | 'a2',
    state: 'submitted' | 'accepted' | 'dispatched' | 'on_site' = 'accepted',
    rider: User = w.rider,
  ) => {
    const res = await submit(t.app, rider, { category: w.category.pothole.code, point: w.points[street] });
    expect(res.statusCode).toBe(201);
    const id = res.json().report.id as string;
    const operator = street === 'a1' ? w.operatorA1 : w.operatorA2;
    if (state === 'submitted') return id;
    expect((await act(t.app, operator, id, { action: 'accept' })).statusCode).toBe(200);
    if (state === 'accepted') return id;
    expect((await act(t.app, operator, id, { action: 'dispatch' })).statusCode).toBe(200);
    if (state === 'dispatched') return id;
    expect((await act(t.app, operator, id, { action: 'on_site' })).statusCode).toBe(200);
    return id;
  };
  const row = async (id: string) => (await t.db.select().from(reports).where(eq(reports.id, id)))[0]!;
  const noticesOf = async (userId: string, reportId: string) =>
    t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.reportId, reportId)));
  // What the crews' own writes audited: the setup's accept is audited too (audit/staff-writes tests it).
  const auditsOf = async (reportId: string) =>
    (await t.db.select().from(auditLog).where(eq(auditLog.targetId, reportId)))
      .map((a) => a.action)
      .filter((action) => action !== 'report.accept')
      .sort();

  describe('dispatch names a team and optionally a member', () => {
    it('with a member of the team: stored, shown, the on-site deadline set, only that member told, audited', async () => {
      const id = await reportIn('a1');
      const res = await act(t.app, w.operatorA1, id, {
        action: 'dispatch',
        teamId: w.teamOf[w.a1.id],
        assigneeId: crewA1.id,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({
        state: 'dispatched',
        teamId: w.teamOf[w.a1.id],
        assigneeId: crewA1.id,
        assigneeName: '甲一应急队 赵队员',
      });
      // The category's on-site minutes (default 30) from the dispatch.
      expect(new Date(body.onSiteDueAt).getTime() - new Date(body.dispatchedAt).getTime()).toBe(30 * MIN);
      expect(body.place).toContain('甲一街道');

      const mine = await noticesOf(crewA1.id, id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: 'report_dispatched', title: '派给你的处置任务' });
      expect(mine[0]!.body).toContain('道路坑洼');
      const [outbox] = await t.db
        .select()
        .from(notificationOutbox)
        .where(eq(notificationOutbox.notificationId, mine[0]!.id));
      expect(outbox!.payload).toMatchObject({
        kind: 'report_dispatched',
        page: `packages/reports/staff/report/index?id=${id}`,
      });
      expect(await noticesOf(crewA1b.id, id)).toHaveLength(0);
      expect(await auditsOf(id)).toEqual(['report.dispatch']);
      const [audit] = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'report.dispatch')));
      expect(audit).toMatchObject({ actorId: w.operatorA1.id, actorRole: 'street_operator', streetId: w.a1.id });
      expect(audit!.after).toMatchObject({ state: 'dispatched', assigneeId: crewA1.id });
    });

    it('without a member: every active member of the team is told, the suspended one is not', async () => {
      const id = await reportIn('a1');
      const res = await act(t.app, w.operatorA1, id, { action: 'dispatch' });
      expect(res.statusCode).toBe(200);
      expect(res.json().assigneeId).toBeNull();
      expect(await noticesOf(crewA1.id, id)).toHaveLength(1);
      expect(await noticesOf(crewA1b.id, id)).toHaveLength(1);
      expect(await noticesOf(suspended.id, id)).toHaveLength(0);
      expect(await noticesOf(crewA2.id, id)).toHaveLength(0);
    });

    it.each([
      ['a member of another team', () => crewA2.id],
      ['a suspended member', () => suspended.id],
      ['a rider', () => w.rider.id],
      ['an operator', () => w.operatorA1.id],
    ])('refuses %s as the assignee (400, field, Chinese); nothing is written', async (_label, who) => {
      const id = await reportIn('a1');
      const body = expectError(
        await act(t.app, w.operatorA1, id, { action: 'dispatch', teamId: w.teamOf[w.a1.id], assigneeId: who() }),
        400,
        'ASSIGNEE_NOT_IN_TEAM',
      );
      expect(body.field).toBe('assigneeId');
      expect(body.message).toBe('该队员不在所选队伍中，或账号已停用');
      const r = await row(id);
      expect(r).toMatchObject({ state: 'accepted', assigneeId: null, onSiteDueAt: null, dispatchedAt: null });
      expect(await auditsOf(id)).toEqual([]);
      expect(await noticesOf(crewA1.id, id)).toHaveLength(0);
    });

    it('refuses an inactive team with TEAM_UNKNOWN, and the team list offers only active teams with their members', async () => {
      const [off] = await t.db
        .insert(teams)
        .values({ districtId: w.districtA.id, streetId: w.a1.id, name: '停用的队伍', active: false })
        .returning();
      const offMember = await crew(off!.id, '停用队伍 队员');
      const id = await reportIn('a1');
      expectError(
        await act(t.app, w.operatorA1, id, { action: 'dispatch', teamId: off!.id, assigneeId: offMember.id }),
        400,
        'TEAM_UNKNOWN',
      );
      expect((await row(id)).state).toBe('accepted');

      const list = (await call(t.app, w.operatorA1, 'GET', '/api/v1/staff/teams')).json().items as {
        id: string;
        members: { id: string; name: string }[];
      }[];
      expect(list.map((x) => x.id)).not.toContain(off!.id);
      const a1Team = list.find((x) => x.id === w.teamOf[w.a1.id])!;
      expect(a1Team.members.map((m) => m.id).sort()).toEqual([crewA1.id, crewA1b.id].sort());
    });

    it('a crew member cannot dispatch, accept, reject or close (403 OUT_OF_SCOPE)', async () => {
      const submitted = await reportIn('a1', 'submitted');
      const accepted = await reportIn('a1');
      expectError(await act(t.app, crewA1, submitted, { action: 'accept' }), 403, 'OUT_OF_SCOPE');
      expectError(await act(t.app, crewA1, submitted, { action: 'reject', reason: 'not_hazard' }), 403, 'OUT_OF_SCOPE');
      expectError(await act(t.app, crewA1, accepted, { action: 'dispatch' }), 403, 'OUT_OF_SCOPE');
      expect(
        (await call(t.app, crewA1, 'POST', `/api/v1/staff/reports/${accepted}/merge`, { intoId: submitted }))
          .statusCode,
      ).toBe(403);
      expect((await row(accepted)).state).toBe('accepted');
    });
  });

  describe('the crew queue', () => {
    it('shows only reports dispatched to its team, most urgent first, with place, photos and deadlines', async () => {
      const mineA = await reportIn('a1', 'dispatched');
      const mineB = await reportIn('a1', 'on_site');
      const notYet = await reportIn('a1'); // routed to the team, not dispatched
      const other = await reportIn('a2', 'dispatched');
      const res = await call(t.app, crewA1, 'GET', '/api/v1/crew/reports');
      expect(res.statusCode).toBe(200);
      const items = res.json().items as {
        id: string;
        place: string;
        photos: unknown[];
        onSiteDueAt: string | null;
        fixDueAt: string;
        reporterName?: string;
        category: { name: string };
      }[];
      const ids = items.map((i) => i.id);
      expect(ids).toEqual(expect.arrayContaining([mineA, mineB]));
      expect(ids).not.toContain(notYet);
      expect(ids).not.toContain(other);
      const a = items.find((i) => i.id === mineA)!;
      expect(a.place).toContain('甲一街道');
      expect(a.photos).toHaveLength(1);
      expect(a.onSiteDueAt).not.toBeNull();
      expect(a.category.name).toBe('道路坑洼');
      // The crew does not need the reporter's name.
      expect(a.reporterName).toBeUndefined();
      // Sorted by the next deadline: the dispatched one (on site within 30 min) before the on-site one (fix in 24 h).
      expect(ids.indexOf(mineA)).toBeLessThan(ids.indexOf(mineB));

      const theirs = (await call(t.app, crewA2, 'GET', '/api/v1/crew/reports'))
        .json()
        .items.map((i: { id: string }) => i.id);
      expect(theirs).toContain(other);
      expect(theirs).not.toContain(mineA);

      expectError(await call(t.app, w.rider, 'GET', '/api/v1/crew/reports'), 403, 'FORBIDDEN');
      expectError(await call(t.app, w.operatorA1, 'GET', '/api/v1/crew/reports'), 403, 'FORBIDDEN');
      // The staff queue stays the street's.
      expectError(await call(t.app, crewA1, 'GET', '/api/v1/staff/reports'), 403, 'FORBIDDEN');
    });

    it('names the place by the street and the nearest community within 600 m', async () => {
      await createCommunity(t.db, w.a2.id, '甲二测试小区'); // about 430 m from the A2 point
      const id = await reportIn('a2', 'dispatched');
      const items = (await call(t.app, crewA2, 'GET', '/api/v1/crew/reports')).json().items as {
        id: string;
        place: string;
      }[];
      expect(items.find((i) => i.id === id)!.place).toBe('甲二街道 · 甲二测试小区附近');
      const [notice] = await noticesOf(crewA2.id, id);
      expect(notice!.body).toContain('甲二街道 · 甲二测试小区附近');
    });

    it('the crew sees the detail of its team’s dispatched reports only', async () => {
      const mine = await reportIn('a1', 'dispatched');
      const notYet = await reportIn('a1');
      const other = await reportIn('a2', 'dispatched');
      expect((await call(t.app, crewA1, 'GET', `/api/v1/reports/${mine}`)).statusCode).toBe(200);
      expectError(await call(t.app, crewA1, 'GET', `/api/v1/reports/${notYet}`), 403, 'OUT_OF_SCOPE');
      expectError(await call(t.app, crewA1, 'GET', `/api/v1/reports/${other}`), 403, 'OUT_OF_SCOPE');
    });
  });

  describe('on site and fixed by the crew', () => {
    it('marks on site, then fixed with a photo; the rider is told; both audited as the crew member', async () => {
      const id = await reportIn('a1', 'dispatched');
      const onSite = await act(t.app, crewA1, id, { action: 'on_site' });
      expect(onSite.statusCode).toBe(200);
      expect(onSite.json().state).toBe('on_site');
      const fixed = await fix(t.app, crewA1, id, await jpeg(), '井盖已补');
      expect(fixed.statusCode).toBe(200);
      const detail = fixed.json();
      expect(detail.state).toBe('fixed');
      expect(detail.updates.at(-1)).toMatchObject({ action: 'fix', actorRole: 'crew_member' });
      expect(detail.updates.at(-1).photos).toHaveLength(1);
      expect((await noticesOf(w.rider.id, id)).map((n) => n.kind)).toContain('report_fixed');
      expect(await auditsOf(id)).toEqual(['report.dispatch', 'report.fix', 'report.on_site']);
      const crewAudits = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, id), eq(auditLog.actorId, crewA1.id)));
      expect(crewAudits.map((a) => a.actorRole)).toEqual(['crew_member', 'crew_member']);
      // Done reports move to the crew's 已完成 list.
      const done = (await call(t.app, crewA1, 'GET', '/api/v1/crew/reports?group=done')).json().items;
      expect(done.map((i: { id: string }) => i.id)).toContain(id);
    });

    it('refuses another team (403), a report not dispatched (403), a rider (403) and a wrong state (409), writing nothing', async () => {
      const other = await reportIn('a2', 'dispatched');
      expectError(await act(t.app, crewA1, other, { action: 'on_site' }), 403, 'OUT_OF_SCOPE');
      const otherOnSite = await reportIn('a2', 'on_site');
      expectError(await fix(t.app, crewA1, otherOnSite, await jpeg()), 403, 'OUT_OF_SCOPE');
      const notYet = await reportIn('a1');
      expectError(await act(t.app, crewA1, notYet, { action: 'on_site' }), 403, 'OUT_OF_SCOPE');
      const mine = await reportIn('a1', 'dispatched');
      expectError(await act(t.app, w.rider, mine, { action: 'on_site' }), 403, 'FORBIDDEN');
      expectError(await fix(t.app, w.rider, mine, await jpeg()), 403, 'FORBIDDEN');
      // Fixing before being on site, and on site twice: the workflow's 409.
      expectError(await fix(t.app, crewA1, mine, await jpeg()), 409, 'INVALID_TRANSITION');
      expect((await act(t.app, crewA1, mine, { action: 'on_site' })).statusCode).toBe(200);
      expectError(await act(t.app, crewA1b, mine, { action: 'on_site' }), 409, 'INVALID_TRANSITION');
      expectError(await fix(t.app, crewA1, mine, null), 400, 'FIX_PHOTO_REQUIRED');
      expect((await row(mine)).state).toBe('on_site');
      expect((await row(other)).state).toBe('dispatched');
      expect((await row(otherOnSite)).state).toBe('on_site');
      expect(await auditsOf(mine)).toEqual(['report.dispatch', 'report.on_site']);
    });

    it('scope matrix of 到场 on a report dispatched to A1’s team: only its crew and A1’s staff may', async () => {
      const other = async (role: 'community_admin' | 'merchant' | 'gate_guard') => createUser(t.db, role, [], role);
      const cases: [string, User, number, string | null][] = [
        ['rider', w.rider, 403, 'FORBIDDEN'],
        ['community admin', await other('community_admin'), 403, 'FORBIDDEN'],
        ['merchant', await other('merchant'), 403, 'FORBIDDEN'],
        ['gate guard', await other('gate_guard'), 403, 'FORBIDDEN'],
        ['crew of another team', crewA2, 403, 'OUT_OF_SCOPE'],
        ['operator of another street', w.operatorA2, 403, 'OUT_OF_SCOPE'],
        ['admin of another district', w.adminB, 403, 'OUT_OF_SCOPE'],
        ['crew of the team', crewA1, 200, null],
        ['operator of the street', w.operatorA1, 200, null],
        ['admin of the district', w.adminA, 200, null],
      ];
      for (const [label, user, status, code] of cases) {
        const id = await reportIn('a1', 'dispatched');
        const res = await act(t.app, user, id, { action: 'on_site' });
        expect({ label, status: res.statusCode }).toEqual({ label, status });
        if (code) expectError(res, status, code);
        expect((await row(id)).state).toBe(status === 200 ? 'on_site' : 'dispatched');
      }
    });

    it('two crew members marking fixed at once: one wins, the other gets 409, the rider is credited once', async () => {
      // A rider of its own, under the daily cap of the report rule.
      const id = await reportIn('a1', 'dispatched', w.rider2);
      const available = async () =>
        (await call(t.app, w.rider2, 'GET', '/api/v1/points/summary')).json().available as number;
      const before = await available();
      expect(before).toBe(2);
      expect((await act(t.app, crewA1, id, { action: 'on_site' })).statusCode).toBe(200);
      const [p1, p2] = [await jpeg(), await jpeg()];
      const results = await Promise.all([fix(t.app, crewA1, id, p1), fix(t.app, crewA1b, id, p2)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expectError(
        results.find((r) => r.statusCode === 409)!,
        409,
        'INVALID_TRANSITION',
      );
      const detail = (await call(t.app, w.operatorA1, 'GET', `/api/v1/reports/${id}`)).json();
      expect(detail.updates.filter((u: { action: string }) => u.action === 'fix')).toHaveLength(1);
      // The accept credited once; fixing (twice attempted) credits nothing more.
      const credits = await t.db.select().from(pointTransfers).where(eq(pointTransfers.sourceId, id));
      expect(credits).toHaveLength(1);
      expect(await available()).toBe(before);
      expect((await noticesOf(w.rider2.id, id)).filter((n) => n.kind === 'report_fixed')).toHaveLength(1);
      expect((await auditsOf(id)).filter((a) => a === 'report.fix')).toHaveLength(1);
    });
  });

  describe('overdue alerts to the street operator', () => {
    it('alerts each missed deadline once per report (accept, on site, fix); a second pass sends nothing', async () => {
      const late = await reportIn('a1', 'submitted');
      const slow = await reportIn('a1', 'dispatched');
      const elsewhere = await reportIn('a2', 'submitted');
      const onSiteDue = (await row(slow)).onSiteDueAt!;
      const pass = (at: Date) => alertOverdueReports({ db: t.db, now: () => at });
      const kindsFor = async (userId: string, reportId: string) =>
        (await noticesOf(userId, reportId)).filter((n) => n.kind === 'report_overdue').map((n) => n.title);

      // 31 minutes on: the submitted one missed its accept deadline, the dispatched one its on-site one.
      const at1 = new Date(onSiteDue.getTime() + MIN);
      const first = await pass(at1);
      expect(first.alerted).toBeGreaterThanOrEqual(3);
      expect(await kindsFor(w.operatorA1.id, late)).toEqual(['工单超时未受理']);
      expect(await kindsFor(w.operatorA1.id, slow)).toEqual(['工单超时未到场']);
      expect(await kindsFor(w.operatorA2.id, elsewhere)).toEqual(['工单超时未受理']);
      // Only the street's operators: not the other street's.
      expect(await kindsFor(w.operatorA2.id, late)).toEqual([]);
      const [n] = await noticesOf(w.operatorA1.id, slow);
      const [o] = await t.db.select().from(notificationOutbox).where(eq(notificationOutbox.notificationId, n!.id));
      expect(o!.payload).toMatchObject({
        kind: 'report_overdue',
        page: `packages/reports/staff/report/index?id=${slow}`,
      });

      // Again at the same time, and concurrently: nothing new.
      expect(await pass(at1)).toEqual({ alerted: 0, notices: 0 });
      const [c1, c2] = await Promise.all([pass(at1), pass(at1)]);
      expect(c1.alerted + c2.alerted).toBe(0);

      // The street's queue marks them (at the app's clock the deadlines are not missed yet: move them back).
      await t.db
        .update(reports)
        .set({ onSiteDueAt: new Date(Date.now() - MIN) })
        .where(eq(reports.id, slow));
      const queue = (await call(t.app, w.operatorA1, 'GET', '/api/v1/staff/reports')).json().items as {
        id: string;
        overdue: boolean;
        overdueDeadline: string | null;
      }[];
      expect(queue.find((r) => r.id === slow)).toMatchObject({ overdue: true, overdueDeadline: 'on_site' });
      const overdueOnly = (await call(t.app, w.operatorA1, 'GET', '/api/v1/staff/reports?overdue=true')).json().items;
      expect(overdueOnly.map((r: { id: string }) => r.id)).toContain(slow);

      // A day later both miss the fix deadline: one more alert each, once.
      const at2 = new Date(at1.getTime() + 25 * 60 * MIN);
      await pass(at2);
      expect(await kindsFor(w.operatorA1.id, slow)).toEqual(
        expect.arrayContaining(['工单超时未到场', '工单超时未修复']),
      );
      expect(await kindsFor(w.operatorA1.id, late)).toEqual(['工单超时未受理']); // still submitted: fix not counted
      expect(await pass(at2)).toEqual({ alerted: 0, notices: 0 });
      const alerts = await t.db.select().from(reportAlerts).where(eq(reportAlerts.reportId, slow));
      expect(alerts.map((a) => a.deadline).sort()).toEqual(['fix', 'on_site']);
    });

    it('a report on site in time is not alerted for being on site', async () => {
      const id = await reportIn('a1', 'dispatched');
      expect((await act(t.app, crewA1, id, { action: 'on_site' })).statusCode).toBe(200);
      const due = (await row(id)).onSiteDueAt!;
      await alertOverdueReports({ db: t.db, now: () => new Date(due.getTime() + 5 * MIN) });
      expect(await t.db.select().from(reportAlerts).where(eq(reportAlerts.reportId, id))).toEqual([]);
    });
  });

  describe('the on-site deadline per category', () => {
    it('is listed, editable by the district admin within bounds, and used by the next dispatch', async () => {
      const cat = w.category.manhole;
      const res = await call(t.app, w.adminA, 'PATCH', `/api/v1/staff/report-categories/${cat.id}`, {
        onSiteWithinMinutes: 10,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().onSiteWithinMinutes).toBe(10);
      const bad = await call(t.app, w.adminA, 'PATCH', `/api/v1/staff/report-categories/${cat.id}`, {
        onSiteWithinMinutes: 2,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/[\u4e00-\u9fa5]/);
      const listed = (await call(t.app, w.rider, 'GET', '/api/v1/report-categories')).json().items;
      expect(listed.find((c: { id: string }) => c.id === cat.id).onSiteWithinMinutes).toBe(10);

      const sub = await submit(t.app, w.rider, { category: cat.code, point: w.points.a1 });
      const id = sub.json().report.id as string;
      await act(t.app, w.operatorA1, id, { action: 'accept' });
      const d = (await act(t.app, w.operatorA1, id, { action: 'dispatch' })).json();
      expect(new Date(d.onSiteDueAt).getTime() - new Date(d.dispatchedAt).getTime()).toBe(10 * MIN);
    });
  });
});
