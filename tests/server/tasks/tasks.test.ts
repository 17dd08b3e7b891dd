import { eq } from 'drizzle-orm';
import { auditLog, notifications, taskClaims } from '../../../server/src/db/schema/index.js';
import { createTasksContext, expireStaleClaims } from '../../../server/src/tasks/index.js';
import { communityApp, type TestUser } from '../../fixtures/community.js';
import { createUser } from '../../fixtures/factories.js';
import { suspendRider } from '../../fixtures/access.js';
import { expectError } from '../../support/http.js';

const hours = (h: number, from: Date) => new Date(from.getTime() + h * 3600_000).toISOString();

describe('随手帮 volunteer tasks', () => {
  const h = communityApp(new Date('2026-12-07T02:00:00Z'));

  const taskBody = (overrides: Record<string, unknown> = {}) => ({
    kind: '送药',
    title: '给独居老人送降压药',
    description: '药已备好，在社区服务站取',
    area: '呼家楼北里',
    privateAddress: '呼家楼北里 3 号楼 2 单元 501 王奶奶',
    startsAt: hours(1, h.now()),
    endsAt: hours(5, h.now()),
    slots: 2,
    points: 10,
    ...overrides,
  });
  const post = async (by: TestUser = h.s.a.communityAdmin, overrides: Record<string, unknown> = {}) => {
    const res = await h.call(by, 'POST', '/staff/tasks', taskBody(overrides));
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; privateAddress: string };
  };

  it('a community admin posts in its community; the rider list shows the public area, never the exact address', async () => {
    const task = await post();
    expect(task.privateAddress).toContain('501');
    const rider = await h.registeredRider();
    const list = await h.call(rider, 'GET', '/tasks');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((t: { id: string }) => t.id === task.id);
    expect(item).toMatchObject({ area: '呼家楼北里', placeName: 'A小区', slots: 2, slotsTaken: 0, points: 10 });
    expect(JSON.stringify(list.json())).not.toContain('501');
    const detail = (await h.call(rider, 'GET', `/tasks/${task.id}`)).json();
    expect(detail.privateAddress).toBeNull();
    const [audit] = await h.t.db.select().from(auditLog).where(eq(auditLog.targetId, task.id));
    expect(audit).toMatchObject({ action: 'task.post', communityId: h.s.a.community.id });
    expect(JSON.stringify(audit!.after)).not.toContain('501');
  });

  it('refuses a bad task with Chinese messages and field names, and writes nothing', async () => {
    const admin = h.s.a.communityAdmin;
    const before = (await h.call(admin, 'GET', '/staff/tasks')).json().items.length;
    const tooMany = expectError(
      await h.call(admin, 'POST', '/staff/tasks', taskBody({ points: 25 })),
      400,
      'TASK_POINTS_TOO_MANY',
    );
    expect(tooMany).toMatchObject({ field: 'points' });
    expect(tooMany.message).toContain('20');
    expect(
      expectError(
        await h.call(admin, 'POST', '/staff/tasks', taskBody({ endsAt: hours(0.5, h.now()) })),
        400,
        'TASK_WINDOW_INVALID',
      ).field,
    ).toBe('endsAt');
    const missing = expectError(
      await h.call(admin, 'POST', '/staff/tasks', taskBody({ area: undefined })),
      400,
      'VALIDATION_FAILED',
    );
    expect(missing.message).toContain('公开地点');
    const badKind = expectError(
      await h.call(admin, 'POST', '/staff/tasks', taskBody({ kind: '跑腿' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(badKind.message).toContain('任务类型');
    const slots = expectError(
      await h.call(admin, 'POST', '/staff/tasks', taskBody({ slots: 0 })),
      400,
      'VALIDATION_FAILED',
    );
    expect(slots.message).toContain('人数');
    expect((await h.call(admin, 'GET', '/staff/tasks')).json().items.length).toBe(before);
  });

  it('keeps posters to their own scope', async () => {
    // Another community's admin, a street operator on another street: refused.
    expectError(
      await h.call(h.s.a.communityAdmin, 'POST', '/staff/tasks', taskBody({ communityId: h.s.b.community.id })),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(
      await h.call(h.s.b.streetOperator, 'POST', '/staff/tasks', taskBody({ streetId: h.s.a.street.id })),
      403,
      'OUT_OF_SCOPE',
    );
    // A community admin cannot post street-wide; the street operator can, and sees its communities' tasks too.
    expectError(
      await h.call(h.s.a.communityAdmin, 'POST', '/staff/tasks', taskBody({ streetId: h.s.a.street.id })),
      403,
      'OUT_OF_SCOPE',
    );
    const streetTask = await post(h.s.a.streetOperator);
    const communityTask = await post(h.s.a.communityAdmin);
    const ids = (await h.call(h.s.a.streetOperator, 'GET', '/staff/tasks'))
      .json()
      .items.map((t: { id: string }) => t.id);
    expect(ids).toEqual(expect.arrayContaining([streetTask.id, communityTask.id]));
    // The community admin does not manage the street's task; the other street sees neither.
    expectError(await h.call(h.s.a.communityAdmin, 'GET', `/staff/tasks/${streetTask.id}`), 403, 'OUT_OF_SCOPE');
    expectError(await h.call(h.s.b.streetOperator, 'GET', `/staff/tasks/${communityTask.id}`), 403, 'OUT_OF_SCOPE');
    expect((await h.call(h.s.b.communityAdmin, 'GET', '/staff/tasks')).json().items).toEqual([]);
    // Riders and merchants cannot post.
    const rider = await h.registeredRider();
    expectError(await h.call(rider, 'POST', '/staff/tasks', taskBody()), 403, 'FORBIDDEN');
    expectError(await h.call(h.s.a.merchantUser, 'POST', '/staff/tasks', taskBody()), 403, 'FORBIDDEN');
  });

  it('only a registered, unsuspended rider claims, once', async () => {
    const task = await post();
    expectError(await h.call(await h.unregisteredRider(), 'POST', `/tasks/${task.id}/claim`), 403, 'PROFILE_REQUIRED');
    const rider = await h.registeredRider();
    const claimed = await h.call(rider, 'POST', `/tasks/${task.id}/claim`);
    expect(claimed.statusCode).toBe(200);
    expectError(await h.call(rider, 'POST', `/tasks/${task.id}/claim`), 409, 'TASK_ALREADY_CLAIMED');
    const suspended = await h.registeredRider();
    await suspendRider(h.t.db, suspended.id);
    expectError(await h.call(suspended, 'POST', `/tasks/${task.id}/claim`), 403, 'RIDER_SUSPENDED');
  });

  it('shows the exact address only to the rider holding an active claim, and hides it after done, abandon or expiry', async () => {
    const task = await post(h.s.a.communityAdmin, { slots: 3 });
    const [a, b, c, other] = [
      await h.registeredRider(),
      await h.registeredRider(),
      await h.registeredRider(),
      await h.registeredRider(),
    ];
    for (const r of [a, b, c])
      expect((await h.call(r!, 'POST', `/tasks/${task.id}/claim`)).json().privateAddress).toContain('501');
    expect((await h.call(other!, 'GET', `/tasks/${task.id}`)).json().privateAddress).toBeNull();
    expect(JSON.stringify((await h.call(a!, 'GET', '/tasks/mine')).json())).not.toContain('501');

    // a: done → hidden.
    const done = await h.call(a!, 'POST', `/tasks/${task.id}/done`, { note: '药已送到，老人签收' });
    expect(done.json()).toMatchObject({ privateAddress: null, myClaim: { status: 'done' } });
    // b: abandoned → hidden, slot free.
    const abandoned = await h.call(b!, 'POST', `/tasks/${task.id}/abandon`);
    expect(abandoned.json()).toMatchObject({ privateAddress: null, myClaim: { status: 'abandoned' }, slotsTaken: 2 });
    expectError(await h.call(b!, 'POST', `/tasks/${task.id}/done`, { note: 'x' }), 409, 'TASK_NO_ACTIVE_CLAIM');
    // c: expires after the window's end + 2 h.
    const ctx = createTasksContext(h.t.db, h.t.config, h.now);
    expect((await expireStaleClaims(ctx)).claimsExpired).toBe(0);
    const start = h.now();
    h.advanceHours(5 + 2 + 0.1);
    try {
      expect((await expireStaleClaims(ctx)).claimsExpired).toBeGreaterThanOrEqual(1);
      expect((await expireStaleClaims(ctx)).claimsExpired).toBe(0);
      const seen = (await h.call(c!, 'GET', `/tasks/${task.id}`)).json();
      expect(seen).toMatchObject({ privateAddress: null, myClaim: { status: 'expired' }, slotsTaken: 1 });
    } finally {
      h.setNow(start);
    }
  });

  it('claims are exact under concurrency: 12 riders at once for 3 slots → 3 claims', async () => {
    const task = await post(h.s.a.communityAdmin, { slots: 3 });
    const riders: TestUser[] = [];
    for (let i = 0; i < 12; i++) riders.push(await h.registeredRider());
    const results = await Promise.all(riders.map((r) => h.call(r, 'POST', `/tasks/${task.id}/claim`)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(3);
    for (const r of results.filter((x) => x.statusCode !== 200)) expectError(r, 409, 'TASK_FULL');
    const rows = await h.t.db.select().from(taskClaims).where(eq(taskClaims.taskId, task.id));
    expect(rows.filter((r) => r.status === 'active')).toHaveLength(3);
    expect((await h.call(riders[0]!, 'GET', `/tasks/${task.id}`)).json().slotsTaken).toBe(3);
  });

  it('posted → claimed → done → confirmed credits the offer once, even confirmed twice at once, and tells the rider', async () => {
    const task = await post(h.s.a.streetOperator, { points: 15, slots: 1 });
    const rider = await h.registeredRider('李骑手');
    const before = await h.available(rider);
    await h.call(rider, 'POST', `/tasks/${task.id}/claim`);
    const staffView = (await h.call(h.s.a.streetOperator, 'GET', `/staff/tasks/${task.id}`)).json();
    const claimId = staffView.claims[0].id as string;
    expect(staffView.claims[0]).toMatchObject({ riderName: '李骑手', status: 'active' });
    expect(staffView.claims[0].phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    // Not done yet: no confirmation.
    expectError(
      await h.call(h.s.a.streetOperator, 'POST', `/staff/task-claims/${claimId}/confirm`),
      409,
      'CLAIM_NOT_DONE',
    );
    // The other street cannot confirm.
    expectError(
      await h.call(h.s.b.streetOperator, 'POST', `/staff/task-claims/${claimId}/confirm`),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(await h.call(rider, 'POST', `/tasks/${task.id}/done`, { note: '   ' }), 400, 'TASK_DONE_EMPTY');
    await h.call(rider, 'POST', `/tasks/${task.id}/done`, { note: '已送达' });
    const confirms = await Promise.all([
      h.call(h.s.a.streetOperator, 'POST', `/staff/task-claims/${claimId}/confirm`),
      h.call(h.s.a.streetOperator, 'POST', `/staff/task-claims/${claimId}/confirm`),
    ]);
    expect(confirms.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(confirms.map((r) => r.json().credit).sort()).toEqual(['credited', 'duplicate']);
    expect(await h.available(rider)).toBe(before + 15);
    const again = await h.call(h.s.a.streetOperator, 'POST', `/staff/task-claims/${claimId}/confirm`);
    expect(again.json()).toMatchObject({ credit: 'duplicate', claim: { status: 'confirmed', points: 15 } });
    expect(await h.available(rider)).toBe(before + 15);
    const history = (await h.call(rider, 'GET', '/points/history')).json();
    expect(history.items[0]).toMatchObject({ reason: 'task_completed', amount: 15 });
    const inbox = await h.t.db.select().from(notifications).where(eq(notifications.userId, rider.id));
    expect(inbox.filter((n) => n.kind === 'task_confirmed')).toHaveLength(1);
    const audits = await h.t.db.select().from(auditLog).where(eq(auditLog.targetId, claimId));
    expect(audits.map((a) => a.action)).toEqual(['task_claim.confirm']);
    const mine = (await h.call(rider, 'GET', '/tasks/mine')).json();
    expect(mine.items[0]).toMatchObject({ task: { id: task.id }, claim: { status: 'confirmed', points: 15 } });
  });

  it('an abandoned or expired claim cannot be confirmed, and a full task refuses the next rider until a slot frees', async () => {
    const task = await post(h.s.a.communityAdmin, { slots: 1 });
    const a = await h.registeredRider();
    const b = await h.registeredRider();
    await h.call(a, 'POST', `/tasks/${task.id}/claim`);
    expectError(await h.call(b, 'POST', `/tasks/${task.id}/claim`), 409, 'TASK_FULL');
    await h.call(a, 'POST', `/tasks/${task.id}/abandon`);
    const claimId = (await h.call(h.s.a.communityAdmin, 'GET', `/staff/tasks/${task.id}`)).json().claims[0].id;
    expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/task-claims/${claimId}/confirm`),
      409,
      'CLAIM_ENDED',
    );
    expect((await h.call(b, 'POST', `/tasks/${task.id}/claim`)).statusCode).toBe(200);
    // A claim after the window is refused.
    const c = await h.registeredRider();
    const late = await post(h.s.a.communityAdmin);
    const start = h.now();
    h.advanceHours(6);
    try {
      expectError(await h.call(c, 'POST', `/tasks/${late.id}/claim`), 409, 'TASK_NOT_OPEN');
    } finally {
      h.setNow(start);
    }
  });

  it('404 for an unknown task; a rider cannot read staff routes', async () => {
    const rider = await h.registeredRider();
    expectError(await h.call(rider, 'GET', '/tasks/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectError(await h.call(rider, 'GET', '/staff/tasks'), 403, 'FORBIDDEN');
    const admin = await createUser(h.t.db, 'district_admin', [{ kind: 'district', refId: h.s.district.id }]);
    expectError(await h.call(admin, 'GET', '/staff/tasks'), 403, 'FORBIDDEN');
  });
});
