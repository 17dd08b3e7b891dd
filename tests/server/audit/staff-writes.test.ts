import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../server/src/db/client.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { applyAndApprove, createAccessWorld, register } from '../../fixtures/access.js';
import { act, call, createReportWorld, fixReport, submit, type ReportWorld } from '../../fixtures/reports.js';
import { newKey } from '../../fixtures/points.js';

type AccessWorld = Awaited<ReturnType<typeof createAccessWorld>>;
interface AuditRow {
  action: string;
  actor_id: string | null;
  actor_role: string;
  target_kind: string;
  target_id: string;
  district_id: string | null;
  street_id: string | null;
  community_id: string | null;
  merchant_id: string | null;
  before: unknown;
  after: unknown;
}

// Every staff write of access, reports and points leaves exactly one audit row, with before and
// after, written in the write's transaction (a refused write leaves none).
describe('staff writes are audited', () => {
  let t: TestContext;
  let w: AccessWorld;
  let r: ReportWorld;
  let uploadDir: string;
  beforeAll(async () => {
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-audit-'));
    t = await buildTestApp({ UPLOAD_DIR: uploadDir });
    w = await createAccessWorld(t.app, t.db);
    r = await createReportWorld(t.db);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });

  const audit = async (targetId: string) =>
    rowsOf<AuditRow>(await t.db.execute(sql`select * from audit_log where target_id = ${targetId} order by at, id`));
  const one = async (targetId: string, action: string) => {
    const rows = (await audit(targetId)).filter((row) => row.action === action);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };

  describe('access', () => {
    async function applicant() {
      const user = await createUser(t.db, 'rider');
      const headers = bearer(accessTokenFor(t.app, user));
      await register(t.app, headers);
      const pass = await applyAndApprove(t.app, headers, w.a.community.id);
      return { user, headers, pass };
    }
    const post = (headers: Record<string, string>, url: string, payload: Record<string, unknown> = {}) =>
      t.app.inject({ method: 'POST', url: `/api/v1/access${url}`, headers, payload });

    it('approve, reject, revoke: one row each, placed at the community, with the status before and after', async () => {
      const a = await applicant();
      expect((await post(w.adminA, '/passes/approve', { passIds: [a.pass.id] })).statusCode).toBe(200);
      const approved = await one(a.pass.id, 'pass.approve');
      expect(approved).toEqual(
        expect.objectContaining({
          actor_id: w.a.communityAdmin.id,
          actor_role: 'community_admin',
          target_kind: 'pass',
          community_id: w.a.community.id,
          street_id: w.a.street.id,
          district_id: w.district.id,
          before: { status: 'pending', rider: a.user.id },
          after: { status: 'approved', rider: a.user.id },
        }),
      );
      expect((await post(w.adminA, `/passes/${a.pass.id}/revoke`, { reason: '多次违规' })).statusCode).toBe(200);
      expect((await one(a.pass.id, 'pass.revoke')).after).toEqual({
        status: 'revoked',
        rider: a.user.id,
        reason: '多次违规',
      });

      const b = await applicant();
      expect((await post(w.adminA, `/passes/${b.pass.id}/reject`, { reason: '信息不全' })).statusCode).toBe(200);
      const rejected = await one(b.pass.id, 'pass.reject');
      expect(rejected.before).toEqual({ status: 'pending', rider: b.user.id });
      expect(rejected.after).toEqual({ status: 'rejected', rider: b.user.id, reason: '信息不全' });
      // A refused decision (already decided; another community's admin) writes nothing.
      expectError(await post(w.adminA, `/passes/${b.pass.id}/reject`, { reason: '再驳回' }), 409, 'PASS_NOT_PENDING');
      expectError(await post(w.adminB, '/passes/approve', { passIds: [b.pass.id] }), 403, 'OUT_OF_SCOPE');
      expect(await audit(b.pass.id)).toHaveLength(1);
    });

    it('two admins deciding one application at once: one decision, one row, one notice', async () => {
      const a = await applicant();
      const colleague = await createUser(t.db, 'community_admin', [{ kind: 'community', refId: w.a.community.id }]);
      const [x, y] = await Promise.all([
        post(w.adminA, '/passes/approve', { passIds: [a.pass.id] }),
        post(bearer(accessTokenFor(t.app, colleague)), `/passes/${a.pass.id}/reject`, { reason: '信息不全' }),
      ]);
      expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
      const rows = await audit(a.pass.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.action).toBe(x.statusCode === 200 ? 'pass.approve' : 'pass.reject');
      const notices = rowsOf<{ kind: string }>(
        await t.db.execute(sql`select kind from notifications where user_id = ${a.user.id}`),
      );
      expect(notices).toHaveLength(1);
    });

    it('suspend and lift: one row each at the suspender’s level', async () => {
      const a = await applicant();
      await post(w.adminA, '/passes/approve', { passIds: [a.pass.id] });
      const district = bearer(accessTokenFor(t.app, w.districtAdmin));
      const street = bearer(accessTokenFor(t.app, w.a.streetOperator));
      expect((await post(district, `/riders/${a.user.id}/suspend`, { reason: '逆行' })).statusCode).toBe(200);
      const suspended = await one(a.user.id, 'rider.suspend');
      expect(suspended).toEqual(
        expect.objectContaining({
          actor_role: 'district_admin',
          district_id: w.district.id,
          street_id: null,
          before: { suspended: false, reason: null },
          after: { suspended: true, reason: '逆行' },
        }),
      );
      expectError(
        await post(street, `/riders/${a.user.id}/lift`, { reason: '已改正' }),
        403,
        'SUSPENSION_HELD_BY_DISTRICT',
      );
      expect((await post(district, `/riders/${a.user.id}/lift`, { reason: '已改正' })).statusCode).toBe(200);
      expect((await one(a.user.id, 'rider.lift')).after).toEqual({ suspended: false, reason: '已改正' });
      expect((await post(street, `/riders/${a.user.id}/suspend`, { reason: '再犯' })).statusCode).toBe(200);
      const bySt = (await audit(a.user.id)).filter((x) => x.action === 'rider.suspend');
      expect(bySt).toHaveLength(2);
      expect(bySt[1]).toEqual(expect.objectContaining({ street_id: w.a.street.id, district_id: w.district.id }));
    });

    it('gate create, edit and code regenerated; building guide edit', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/access/communities/${w.a.community.id}/gates`,
        headers: w.adminA,
        payload: { name: '北门', kind: 'guarded', lat: 39.921, lng: 116.461 },
      });
      expect(created.statusCode).toBe(201);
      const gate = created.json();
      expect((await one(gate.id, 'gate.create')).before).toBeNull();
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/access/gates/${gate.id}`,
        headers: w.adminA,
        payload: { name: '北门（夜间）' },
      });
      expect(edited.statusCode).toBe(200);
      const update = await one(gate.id, 'gate.update');
      expect(update.before).toEqual(expect.objectContaining({ name: '北门' }));
      expect(update.after).toEqual(expect.objectContaining({ name: '北门（夜间）' }));
      expect((await post(w.adminA, `/gates/${gate.id}/code`)).statusCode).toBe(200);
      const regen = await one(gate.id, 'gate.code_regenerate');
      expect([(regen.before as { codeVersion: number }).codeVersion + 1]).toEqual([
        (regen.after as { codeVersion: number }).codeVersion,
      ]);
      expectError(await post(w.adminB, `/gates/${gate.id}/code`), 403, 'OUT_OF_SCOPE');
      expect(await audit(gate.id)).toHaveLength(3);

      const guide = {
        buildings: [{ number: '1号楼', entrances: [{ lat: 39.9201, lng: 116.4601, label: '东' }], note: '' }],
        parking: null,
        transferPoint: null,
        notes: '电动车停北门',
        requireLocation: false,
        maxDistanceM: 200,
      };
      const saved = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/access/communities/${w.a.community.id}/guide`,
        headers: w.adminA,
        payload: guide,
      });
      expect(saved.statusCode).toBe(200);
      const row = await one(w.a.community.id, 'guide.update');
      expect(row.target_kind).toBe('guide');
      expect((row.before as { notes: string }).notes).toBe('');
      expect((row.after as { notes: string }).notes).toBe('电动车停北门');
    });
  });

  describe('reports', () => {
    // The access world's streets cover a1's area too; b1's area is the report world's alone.
    const newReport = async (point = r.points.b1) => {
      const res = await submit(t.app, r.rider, { category: r.category.pothole.code, point });
      expect(res.statusCode).toBe(201);
      return res.json().report.id as string;
    };

    it('accept, reject, close and merge: one row each, placed at the report’s street, state before and after', async () => {
      const accepted = await newReport();
      const res = await act(t.app, r.operatorB1, accepted, { action: 'accept' });
      expect(res.statusCode).toBe(200);
      expect(await one(accepted, 'report.accept')).toEqual(
        expect.objectContaining({
          actor_id: r.operatorB1.id,
          target_kind: 'report',
          street_id: r.b1.id,
          district_id: r.districtB.id,
          before: { state: 'submitted' },
          after: { state: 'accepted' },
        }),
      );
      // Dispatch, on-site and fix are the crews' writes: not audited here.
      const fixed = await newReport();
      await fixReport(t.app, r.operatorB1, fixed);
      expect((await act(t.app, r.operatorB1, fixed, { action: 'close' })).statusCode).toBe(200);
      expect((await one(fixed, 'report.close')).after).toEqual({ state: 'closed' });

      const rejected = await newReport();
      expect((await act(t.app, r.adminB, rejected, { action: 'reject', reason: 'not_hazard' })).statusCode).toBe(200);
      expect((await one(rejected, 'report.reject')).after).toEqual({ state: 'rejected', reason: 'not_hazard' });
      expectError(await act(t.app, r.operatorA1, accepted, { action: 'close' }), 403, 'OUT_OF_SCOPE');

      const dup = await newReport();
      const into = await newReport();
      const merged = await call(t.app, r.operatorB1, 'POST', `/api/v1/staff/reports/${dup}/merge`, { intoId: into });
      expect(merged.statusCode).toBe(200);
      expect((await one(dup, 'report.merge')).after).toEqual({ state: 'rejected', duplicateOf: into });
      expect(await audit(dup)).toHaveLength(1);
    });

    it('category create, edit, deactivate; team create and edit; category route change', async () => {
      const created = await call(t.app, r.adminA, 'POST', '/api/v1/staff/report-categories', {
        code: `audit_${Date.now() % 100000}`,
        name: '路灯不亮',
        icon: '灯',
        acceptWithinMinutes: 60,
        fixWithinHours: 24,
      });
      expect(created.statusCode).toBe(201);
      const category = created.json();
      const c1 = await one(category.id, 'category.create');
      expect(c1).toEqual(expect.objectContaining({ district_id: r.districtA.id, before: null }));
      expect(c1.after).toEqual(expect.objectContaining({ name: '路灯不亮', active: true }));
      const patch = (body: Record<string, unknown>) =>
        call(t.app, r.adminA, 'PATCH', `/api/v1/staff/report-categories/${category.id}`, body);
      expect((await patch({ name: '路灯故障' })).statusCode).toBe(200);
      const c2 = await one(category.id, 'category.update');
      expect([(c2.before as { name: string }).name, (c2.after as { name: string }).name]).toEqual([
        '路灯不亮',
        '路灯故障',
      ]);
      expect((await patch({ active: false })).statusCode).toBe(200);
      expect((await one(category.id, 'category.deactivate')).after).toEqual(expect.objectContaining({ active: false }));
      expectError(
        await call(t.app, r.operatorA1, 'PATCH', `/api/v1/staff/report-categories/${category.id}`, { name: 'x' }),
        403,
        'FORBIDDEN',
      );
      expect(await audit(category.id)).toHaveLength(3);

      const team = await call(t.app, r.operatorA1, 'POST', '/api/v1/staff/teams', {
        name: '夜间抢修队',
        streetId: r.a1.id,
      });
      expect(team.statusCode).toBe(201);
      const teamId = team.json().id as string;
      expect(await one(teamId, 'team.create')).toEqual(
        expect.objectContaining({ street_id: r.a1.id, district_id: r.districtA.id, before: null }),
      );
      expect(
        (await call(t.app, r.operatorA1, 'PATCH', `/api/v1/staff/teams/${teamId}`, { name: '抢修一队' })).statusCode,
      ).toBe(200);
      const t2 = await one(teamId, 'team.update');
      expect([(t2.before as { name: string }).name, (t2.after as { name: string }).name]).toEqual([
        '夜间抢修队',
        '抢修一队',
      ]);

      const routeId = `${r.a1.id}:${r.category.manhole.id}`;
      const routed = await call(
        t.app,
        r.operatorA1,
        'PUT',
        `/api/v1/staff/streets/${r.a1.id}/routes/${r.category.manhole.id}`,
        { teamId },
      );
      expect(routed.statusCode).toBe(200);
      expect(await one(routeId, 'route.set')).toEqual(
        expect.objectContaining({
          street_id: r.a1.id,
          before: { categoryId: r.category.manhole.id, teamId: r.teamOf[r.a1.id] },
          after: { categoryId: r.category.manhole.id, teamId },
        }),
      );
      // A team of another street is refused, and leaves no row.
      expectError(
        await call(t.app, r.operatorA1, 'PUT', `/api/v1/staff/streets/${r.a1.id}/routes/${r.category.manhole.id}`, {
          teamId: r.teamOf[r.b1.id],
        }),
        400,
        'TEAM_UNKNOWN',
      );
      expect(await audit(routeId)).toHaveLength(1);
    });
  });

  describe('points', () => {
    const api = (user: { id: string; role: string }, method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown) =>
      call(t.app, user, method, `/api/v1${url}`, payload);

    it('points grant (a repeat of the key adds no row) and its reversal', async () => {
      const rider = await createUser(t.db, 'rider');
      const body = {
        riderId: rider.id,
        streetId: w.a.street.id,
        rule: 'volunteer_service',
        amount: 3,
        note: '送餐助老',
        idempotencyKey: newKey(),
      };
      const granted = await api(w.districtAdmin, 'POST', '/points/grants', body);
      expect(granted.statusCode).toBe(201);
      const transferId = granted.json().transferId as string;
      expect((await api(w.districtAdmin, 'POST', '/points/grants', body)).json().created).toBe(false);
      expect(await one(transferId, 'points.grant')).toEqual(
        expect.objectContaining({
          target_kind: 'point_transfer',
          street_id: w.a.street.id,
          district_id: w.district.id,
          before: null,
          after: { riderId: rider.id, amount: 3, rule: 'volunteer_service', note: '送餐助老' },
        }),
      );
      const reversed = await api(w.districtAdmin, 'POST', `/points/transfers/${transferId}/reverse`, {
        note: '发错人',
      });
      expect(reversed.statusCode).toBe(201);
      const row = await one(transferId, 'points.reverse');
      expect(row.before).toEqual({ reversed: false, amount: 3, riderId: rider.id });
      expect(row.after).toEqual({ reversed: true, reversalId: reversed.json().transferId, note: '发错人' });
      expect(await audit(transferId)).toHaveLength(2);
    });

    it('earning rule change and reward create / edit', async () => {
      const res = await api(w.districtAdmin, 'PUT', '/points/admin/rules/report_accepted', {
        points: 3,
        dailyCap: 6,
        monthlyCap: 60,
      });
      expect(res.statusCode).toBe(200);
      const rule = await one(`${w.district.id}:report_accepted`, 'rule.update');
      expect(rule.district_id).toBe(w.district.id);
      expect(rule.after).toEqual({ points: 3, dailyCap: 6, monthlyCap: 60, active: true });
      expect(rule.before).not.toEqual(rule.after);

      const created = await api(w.a.streetOperator, 'POST', '/points/admin/rewards', {
        merchantId: w.a.merchant.id,
        title: '洗衣',
        pricePoints: 10,
        stockPerPeriod: 5,
        voucherValidDays: 7,
      });
      expect(created.statusCode).toBe(201);
      const rewardId = created.json().id as string;
      expect(await one(rewardId, 'reward.create')).toEqual(
        expect.objectContaining({ merchant_id: w.a.merchant.id, street_id: w.a.street.id, before: null }),
      );
      expect(
        (await api(w.a.streetOperator, 'PATCH', `/points/admin/rewards/${rewardId}`, { pricePoints: 12 })).statusCode,
      ).toBe(200);
      const edit = await one(rewardId, 'reward.update');
      expect([
        (edit.before as { pricePoints: number }).pricePoints,
        (edit.after as { pricePoints: number }).pricePoints,
      ]).toEqual([10, 12]);
      expectError(
        await api(w.b.streetOperator, 'PATCH', `/points/admin/rewards/${rewardId}`, { pricePoints: 1 }),
        403,
        'OUT_OF_SCOPE',
      );
      expect(await audit(rewardId)).toHaveLength(2);
    });
  });
});
