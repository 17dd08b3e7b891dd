import { and, eq } from 'drizzle-orm';
import { notificationOutbox, notifications, passes } from '../../../server/src/db/schema/index.js';
import {
  deliverDue,
  notifyExpiringPasses,
  type NotificationsContext,
} from '../../../server/src/notifications/index.js';
import { appJobs } from '../../../server/src/jobs.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { startFakeWeChat, type FakeWeChat } from '../../support/fake-wechat.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { createAccessWorld, register } from '../../fixtures/access.js';

const APP = { appId: 'wx-test-app', secret: 'test-secret' };
type World = Awaited<ReturnType<typeof createAccessWorld>>;

describe('riders are told about their passes (inbox + subscribe message where agreed)', () => {
  let t: TestContext;
  let w: World;
  let wx: FakeWeChat;
  let clock: number;
  const now = () => new Date(clock);
  beforeAll(async () => {
    wx = await startFakeWeChat(APP);
    clock = Date.now();
    t = await buildTestApp(
      {
        WECHAT_API_BASE: wx.baseUrl,
        WECHAT_APP_ID: APP.appId,
        WECHAT_APP_SECRET: APP.secret,
        WECHAT_TEMPLATE_PASS_APPROVED: 'tpl-pass-approved',
        WECHAT_TEMPLATE_PASS_REJECTED: 'tpl-pass-rejected',
        WECHAT_TEMPLATE_PASS_REVOKED: 'tpl-pass-revoked',
        WECHAT_TEMPLATE_PASS_EXPIRING: 'tpl-pass-expiring',
      },
      { now },
    );
    w = await createAccessWorld(t.app, t.db);
  });
  afterAll(async () => {
    await t.close();
    await wx.close();
  });

  // The outbox rows are due from the database's own now(): the worker looks an hour ahead.
  const ctx = (): NotificationsContext => ({
    db: t.db,
    wechat: t.app.wechat,
    config: t.config.notifications,
    now: () => new Date(clock + 3600_000),
  });

  /** A registered rider who applied to community A (agreeing to `subscriptions`). */
  async function applicant(subscriptions?: string[]) {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    await register(t.app, headers);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/access/passes',
      headers,
      payload: { communityIds: [w.a.community.id], ...(subscriptions ? { subscriptions } : {}) },
    });
    expect(res.statusCode).toBe(200);
    return { user, headers, passId: res.json().items[0].id as string };
  }
  const post = (url: string, payload: Record<string, unknown> = {}, headers = w.adminA) =>
    t.app.inject({ method: 'POST', url: `/api/v1/access${url}`, headers, payload });
  const inbox = (userId: string) =>
    t.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.createdAt);
  const outboxOf = async (userId: string) =>
    (
      await t.db
        .select({ outbox: notificationOutbox })
        .from(notificationOutbox)
        .innerJoin(notifications, eq(notifications.id, notificationOutbox.notificationId))
        .where(eq(notifications.userId, userId))
    ).map((r) => r.outbox);

  it('approved: an inbox notice, and a subscribe message opening the 暖新码 page when the rider agreed', async () => {
    const a = await applicant(['pass_approved', 'pass_revoked']);
    expect((await post('/passes/approve', { passIds: [a.passId] })).statusCode).toBe(200);
    const [notice] = await inbox(a.user.id);
    expect(notice).toEqual(
      expect.objectContaining({ kind: 'pass_approved', title: '通行申请已通过', readAt: null, reportId: null }),
    );
    expect(notice!.body).toContain('A小区');
    const [out] = await outboxOf(a.user.id);
    expect(out!.payload).toEqual(
      expect.objectContaining({ kind: 'pass_approved', userId: a.user.id, page: 'packages/access/index' }),
    );
    expect(await deliverDue(ctx())).toMatchObject({ sent: 1 });
    const sent = wx.messages.filter((m) => m.touser === a.user.openid);
    expect(sent).toEqual([
      expect.objectContaining({ template_id: 'tpl-pass-approved', page: 'packages/access/index' }),
    ]);
    expect((sent[0]!.data as Record<string, { value: string }>).thing1!.value).toBe('A小区');

    expect((await post(`/passes/${a.passId}/revoke`, { reason: '多次在小区内逆行' })).statusCode).toBe(200);
    const notices = await inbox(a.user.id);
    expect(notices.map((n) => n.kind)).toEqual(['pass_approved', 'pass_revoked']);
    expect(notices[1]!.body).toContain('多次在小区内逆行');
    expect(await outboxOf(a.user.id)).toHaveLength(2);
  });

  it('rejected with the reason; no subscribe message when the rider did not agree', async () => {
    const a = await applicant();
    expect((await post(`/passes/${a.passId}/reject`, { reason: '站点信息与平台不符' })).statusCode).toBe(200);
    const notices = await inbox(a.user.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toEqual(expect.objectContaining({ kind: 'pass_rejected', title: '通行申请未通过' }));
    expect(notices[0]!.body).toContain('站点信息与平台不符');
    expect(await outboxOf(a.user.id)).toEqual([]);
  });

  it('a refused decision tells nobody (nothing half-written)', async () => {
    const a = await applicant(['pass_approved']);
    expectError(await post('/passes/approve', { passIds: [a.passId] }, w.adminB), 403, 'OUT_OF_SCOPE');
    expectError(await post(`/passes/${a.passId}/revoke`, { reason: '不该成功' }), 409, 'PASS_NOT_APPROVED');
    expect(await inbox(a.user.id)).toEqual([]);
    expect(await outboxOf(a.user.id)).toEqual([]);
  });

  it('refuses an unknown subscription kind at apply time', async () => {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    await register(t.app, headers);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/access/passes',
      headers,
      payload: { communityIds: [w.a.community.id], subscriptions: ['report_fixed'] },
    });
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  describe('about to expire (the pass-expiry-notices job)', () => {
    it('tells once per pass and end date, 3 days ahead; not sooner, not for other statuses', async () => {
      const soon = await applicant(['pass_expiring']);
      const later = await applicant(['pass_expiring']);
      const pending = await applicant(['pass_expiring']);
      await post('/passes/approve', { passIds: [soon.passId, later.passId] });
      const day = 86_400_000;
      await t.db
        .update(passes)
        .set({ expiresAt: new Date(clock + 2 * day) })
        .where(eq(passes.id, soon.passId));
      await t.db
        .update(passes)
        .set({ expiresAt: new Date(clock + 5 * day) })
        .where(eq(passes.id, later.passId));
      await t.db
        .update(passes)
        .set({ expiresAt: new Date(clock + 1 * day) })
        .where(eq(passes.id, pending.passId));

      const job = appJobs(t.database, t.config, now).find((j) => j.name === 'pass-expiry-notices');
      expect(job).toBeDefined();
      expect(await job!.run()).toEqual({ passNotices: 1 });
      expect(await notifyExpiringPasses({ db: t.db, now })).toEqual({ passNotices: 0 });
      const expiring = (u: string) =>
        t.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, u), eq(notifications.kind, 'pass_expiring')));
      const [notice] = await expiring(soon.user.id);
      expect(notice!.title).toBe('通行证即将到期');
      expect(notice!.body).toContain('A小区');
      expect(await expiring(later.user.id)).toEqual([]);
      expect(await expiring(pending.user.id)).toEqual([]);
      const outbox = await outboxOf(soon.user.id);
      expect(outbox.map((o) => (o.payload as { kind: string }).kind)).toContain('pass_expiring');

      // Two days on, the later pass is within 3 days: told once; the first is not told again.
      clock += 2 * day + 3600_000;
      expect(await notifyExpiringPasses({ db: t.db, now })).toEqual({ passNotices: 1 });
      expect(await expiring(later.user.id)).toHaveLength(1);
      expect(await expiring(soon.user.id)).toHaveLength(1);
      // A new end date (the agreement was extended) is a new notice.
      await t.db
        .update(passes)
        .set({ expiresAt: new Date(clock + 2 * day) })
        .where(eq(passes.id, soon.passId));
      expect(await notifyExpiringPasses({ db: t.db, now })).toEqual({ passNotices: 1 });
      expect(await expiring(soon.user.id)).toHaveLength(2);
    });

    it('two runners at once write each notice once', async () => {
      const a = await applicant();
      await post('/passes/approve', { passIds: [a.passId] });
      await t.db
        .update(passes)
        .set({ expiresAt: new Date(clock + 86_400_000) })
        .where(eq(passes.id, a.passId));
      const [x, y] = await Promise.all([
        notifyExpiringPasses({ db: t.db, now }),
        notifyExpiringPasses({ db: t.db, now }),
      ]);
      expect(x.passNotices + y.passNotices).toBe(1);
      expect(
        await t.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, a.user.id), eq(notifications.kind, 'pass_expiring'))),
      ).toHaveLength(1);
    });
  });
});
