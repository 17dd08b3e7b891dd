import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { notificationOutbox, notifications, reports } from '../../../server/src/db/schema/index.js';
import { deliverDue, type NotificationsContext } from '../../../server/src/notifications/index.js';
import { WeChatClient } from '../../../server/src/platform/wechat.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { startFakeWeChat, type FakeWeChat } from '../../support/fake-wechat.js';
import { act, createReportWorld, submit, type ReportWorld } from '../../fixtures/reports.js';

const APP = { appId: 'wx-test-app', secret: 'test-secret' };
const ALL = 'report_accepted,report_rejected,report_fixed';

describe('notifications: outbox → WeChat subscribe messages', () => {
  let t: TestContext;
  let w: ReportWorld;
  let wx: FakeWeChat;
  let uploadDir: string;
  let clock: number;
  let ctx: NotificationsContext;

  beforeAll(async () => {
    wx = await startFakeWeChat(APP);
    uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-uploads-'));
    t = await buildTestApp({
      UPLOAD_DIR: uploadDir,
      WECHAT_API_BASE: wx.baseUrl,
      WECHAT_APP_ID: APP.appId,
      WECHAT_APP_SECRET: APP.secret,
      WECHAT_TEMPLATE_REPORT_ACCEPTED: 'tpl-accepted',
      WECHAT_TEMPLATE_REPORT_REJECTED: 'tpl-rejected',
      WECHAT_TEMPLATE_REPORT_FIXED: 'tpl-fixed',
      OUTBOX_MAX_ATTEMPTS: '3',
      OUTBOX_BACKOFF_MS: '1000',
    });
    w = await createReportWorld(t.db);
    clock = Date.now();
    ctx = { db: t.db, wechat: t.app.wechat, config: t.config.notifications, now: () => new Date(clock) };
  });
  afterAll(async () => {
    await t.close();
    await wx.close();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    wx.failWithStatus = null;
    wx.sendErrors = [];
    clock += 3600_000; // every earlier row is due
  });

  const accepted = async (subscriptions = ALL) => {
    const res = await submit(t.app, w.rider, {
      category: w.category.pothole.code,
      point: w.points.a1,
      fields: { subscriptions },
    });
    const id = res.json().report.id as string;
    expect((await act(t.app, w.operatorA1, id, { action: 'accept' })).statusCode).toBe(200);
    const [row] = await t.db
      .select({ outbox: notificationOutbox })
      .from(notificationOutbox)
      .innerJoin(notifications, eq(notifications.id, notificationOutbox.notificationId))
      .where(eq(notifications.reportId, id));
    return { id, outbox: row?.outbox };
  };
  const outboxRow = async (id: string) =>
    (await t.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id)))[0]!;

  it('sends the accepted message to the rider’s openid with the template, through a cached access token', async () => {
    const first = await accepted();
    const second = await accepted();
    expect(await deliverDue(ctx)).toMatchObject({ sent: 2 });
    const mine = wx.messages.filter((m) => m.touser === w.rider.openid);
    expect(mine).toHaveLength(2);
    const toFirst = mine.find((m) => m.page === `packages/reports/detail/index?id=${first.id}`);
    expect(toFirst).toMatchObject({
      template_id: 'tpl-accepted',
      miniprogram_state: 'developer',
      data: { phrase2: { value: '已受理' } },
    });
    expect(await outboxRow(second.outbox!.id)).toMatchObject({ state: 'sent', attempts: 1 });
    expect(wx.requests.filter((u) => u.pathname === '/cgi-bin/stable_token')).toHaveLength(1);
  });

  it('writes no outbox row for a message the rider did not subscribe to (inbox only)', async () => {
    const r = await accepted('report_fixed');
    expect(r.outbox).toBeUndefined();
    expect(await t.db.$count(notifications, eq(notifications.reportId, r.id))).toBe(1);
  });

  it('WeChat down: the row is retried later with backoff and the report is untouched; then it is sent', async () => {
    const r = await accepted();
    wx.failWithStatus = 503;
    expect(await deliverDue(ctx)).toMatchObject({ failed: 1, sent: 0 });
    const after = await outboxRow(r.outbox!.id);
    expect(after).toMatchObject({ state: 'pending', attempts: 1 });
    expect(after.nextAttemptAt.getTime()).toBe(clock + 1000);
    expect(after.lastError).toMatch(/503/);
    expect((await t.db.select().from(reports).where(eq(reports.id, r.id)))[0]!.state).toBe('accepted');
    // Not due yet: nothing is sent even though WeChat is back.
    wx.failWithStatus = null;
    expect(await deliverDue(ctx)).toMatchObject({ sent: 0 });
    clock += 1000;
    expect(await deliverDue(ctx)).toMatchObject({ sent: 1 });
    expect(await outboxRow(r.outbox!.id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('gives up after the configured attempts, doubling the delay each time', async () => {
    const r = await accepted();
    wx.sendErrors = [-1, -1, -1];
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = clock;
      await deliverDue(ctx);
      const row = await outboxRow(r.outbox!.id);
      if (row.state === 'pending') delays.push(row.nextAttemptAt.getTime() - before);
      clock = row.nextAttemptAt.getTime();
    }
    expect(delays).toEqual([1000, 2000]);
    expect(await outboxRow(r.outbox!.id)).toMatchObject({ state: 'dead', attempts: 3 });
  });

  it('a permanent refusal (43101: user has no subscription left) is not retried', async () => {
    const r = await accepted();
    wx.sendErrors = [43101];
    expect(await deliverDue(ctx)).toMatchObject({ dead: 1 });
    expect(await outboxRow(r.outbox!.id)).toMatchObject({ state: 'dead', attempts: 1 });
  });

  it('refreshes the access token once when WeChat says it expired (42001) or is invalid (40001)', async () => {
    await accepted();
    const issued = wx.tokensIssued.length;
    wx.revokeToken();
    expect(await deliverDue(ctx)).toMatchObject({ sent: 1 });
    expect(wx.tokensIssued.length).toBe(issued + 1);
  });

  it('caches the token until shortly before expiry, then fetches a new one', async () => {
    let now = 1_000_000;
    const client = new WeChatClient(
      { appId: APP.appId, appSecret: APP.secret, apiBase: wx.baseUrl, timeoutMs: 2000 },
      () => now,
    );
    const calls = () => wx.requests.filter((u) => u.pathname === '/cgi-bin/stable_token').length;
    const before = calls();
    const [a, b] = await Promise.all([client.accessToken(), client.accessToken()]);
    expect(a).toBe(b);
    expect(calls()).toBe(before + 1); // one fetch for concurrent callers
    now += (7200 - 301) * 1000;
    await client.accessToken();
    expect(calls()).toBe(before + 1);
    now += 2000;
    await client.accessToken();
    expect(calls()).toBe(before + 2);
  });
});
