import { eq } from 'drizzle-orm';
import { notificationOutbox, notifications, users } from '../../../server/src/db/schema/index.js';
import { deliverDue, type NotificationsContext } from '../../../server/src/notifications/index.js';
import { seedId } from '../../../server/src/seed/demo.js';
import { register } from '../../fixtures/access.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { createLegalWorld, legalCall, openBody, type LegalWorld } from '../../fixtures/legal.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { startFakeWeChat, type FakeWeChat } from '../../support/fake-wechat.js';

const APP = { appId: 'wx-test-app', secret: 'test-secret' };
// Monday 2026-12-07 10:00 Beijing.
const NOW = new Date('2026-12-07T02:00:00Z');
const YS = seedId('apartment:YS-SJ');
const bed = (room: string, code: string) => seedId(`apartment-bed:YS-SJ:${room}:${code}`);
type Data = Record<string, { value: string }>;

describe('暖新公寓 and 法律援助 subscribe messages (inbox + WeChat where the rider agreed)', () => {
  let t: TestContext;
  let wx: FakeWeChat;
  let w: LegalWorld;
  let operator: Record<string, string>;

  beforeAll(async () => {
    wx = await startFakeWeChat(APP);
    t = await buildTestApp(
      {
        WECHAT_API_BASE: wx.baseUrl,
        WECHAT_APP_ID: APP.appId,
        WECHAT_APP_SECRET: APP.secret,
        WECHAT_TEMPLATE_HOUSING_RESULT: 'tpl-housing-result',
        WECHAT_TEMPLATE_HOUSING_MOVED_IN: 'tpl-housing-moved-in',
        WECHAT_TEMPLATE_LEGAL_INTAKE: 'tpl-legal-intake',
        WECHAT_TEMPLATE_LEGAL_APPOINTMENT: 'tpl-legal-appointment',
        WECHAT_TEMPLATE_LEGAL_CLOSED: 'tpl-legal-closed',
      },
      { demo: true, now: () => NOW },
    );
    w = await createLegalWorld(t.db);
    operator = bearer(accessTokenFor(t.app, { id: seedId('user:apartment_operator'), role: 'apartment_operator' }));
  });
  afterAll(async () => {
    await t.close();
    await wx.close();
  });

  const ctx = (): NotificationsContext => ({
    db: t.db,
    wechat: t.app.wechat,
    config: t.config.notifications,
    // The outbox rows are due from the database's own clock.
    now: () => new Date(Date.now() + 3600_000),
  });
  const sentTo = (openid: string) => wx.messages.filter((m) => m.touser === openid);
  const outboxOf = async (userId: string) =>
    (
      await t.db
        .select({ outbox: notificationOutbox })
        .from(notificationOutbox)
        .innerJoin(notifications, eq(notifications.id, notificationOutbox.notificationId))
        .where(eq(notifications.userId, userId))
    ).map((r) => r.outbox);

  async function applicant(subscriptions?: string[]) {
    const user = await createUser(t.db, 'rider', [], '新骑手');
    const headers = bearer(accessTokenFor(t.app, { id: user.id, role: 'rider' }));
    await register(t.app, headers);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/housing/applications',
      headers,
      payload: {
        apartmentId: YS,
        fromDate: '2026-12-10',
        months: 3,
        gender: 'male',
        ...(subscriptions ? { subscriptions } : {}),
      },
    });
    return { user, res, id: res.statusCode === 200 ? (res.json().id as string) : '' };
  }
  const step = (id: string, action: string, payload: object = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/housing/manage/applications/${id}/${action}`,
      headers: operator,
      payload,
    });

  it('housing: waitlisted, offered and move-in reach WeChat with the right template, page and data', async () => {
    const a = await applicant(['housing_result', 'housing_moved_in']);
    expect(a.res.statusCode).toBe(200);
    expect((await step(a.id, 'waitlist', { note: '暂无空床，排第 2 位' })).statusCode).toBe(200);
    expect((await step(a.id, 'offer', { bedId: bed('1层 101', 'C') })).statusCode).toBe(200);
    expect((await step(a.id, 'move-in', { note: '押金已免' })).statusCode).toBe(200);
    expect((await deliverDue(ctx())).sent).toBeGreaterThanOrEqual(3);
    // The worker sends in no particular order within one pass: compare as a set.
    const sent = sentTo(a.user.openid!).sort((x, y) =>
      `${String(x.template_id)}${JSON.stringify(x.data)}`.localeCompare(
        `${String(y.template_id)}${JSON.stringify(y.data)}`,
      ),
    );
    expect(sent.map((m) => [m.template_id, m.page, (m.data as Data).phrase2?.value ?? null]).sort()).toEqual(
      [
        ['tpl-housing-result', 'packages/housing/index', '候补中'],
        ['tpl-housing-result', 'packages/housing/index', '已分配床位'],
        ['tpl-housing-moved-in', 'packages/housing/index', null],
      ].sort(),
    );
    const first = sent.find((m) => (m.data as Data).phrase2?.value === '候补中')!.data as Data;
    expect(first.thing1!.value).toBe('双井怡舍公寓');
    expect(first.thing3!.value).toBe('暂无空床，排第 2 位');
    expect(first.time4!.value).toBe('2026-12-07 10:00');
    expect((sent.find((m) => m.template_id === 'tpl-housing-moved-in')!.data as Data).thing1!.value).toBe(
      '双井怡舍公寓',
    );
  });

  it('housing: declined with the reason; nothing to WeChat for a kind the rider did not agree to', async () => {
    const a = await applicant(['housing_moved_in']);
    expect((await step(a.id, 'decline', { reason: '本月床位已满' })).statusCode).toBe(200);
    const inbox = await t.db.select().from(notifications).where(eq(notifications.userId, a.user.id));
    expect(inbox.map((n) => n.kind)).toEqual(['housing_declined']);
    expect(await outboxOf(a.user.id)).toEqual([]);

    const b = await applicant(['housing_result']);
    expect((await step(b.id, 'decline', { reason: '本月床位已满' })).statusCode).toBe(200);
    await deliverDue(ctx());
    const [msg] = sentTo(b.user.openid!);
    expect(msg).toMatchObject({ template_id: 'tpl-housing-result' });
    expect((msg!.data as Data).phrase2!.value).toBe('未通过');
    expect((msg!.data as Data).thing3!.value).toBe('本月床位已满');
  });

  it('housing: an unknown subscription kind is refused at apply time, nothing written', async () => {
    const a = await applicant(['legal_closed']);
    const err = expectError(a.res, 400, 'VALIDATION_FAILED');
    expect(err.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('legal: 受理, appointment and close reach WeChat with the case kind and step, never case text', async () => {
    const opened = await legalCall(
      t.app,
      w.rider,
      'POST',
      '/api/v1/legal/cases',
      openBody(w.dA.id, { subscriptions: ['legal_intake', 'legal_appointment', 'legal_closed'] }),
    );
    expect(opened.statusCode).toBe(201);
    const id = opened.json().case.id as string;
    const m = (action: string, body?: unknown) =>
      legalCall(t.app, w.mediatorA, 'POST', `/api/v1/staff/legal/cases/${id}/${action}`, body);
    expect((await m('accept')).statusCode).toBe(200);
    expect((await m('assign', { mediatorId: w.mediatorA.id })).statusCode).toBe(200);
    const at = new Date('2026-12-09T06:30:00Z'); // Wednesday 14:30 Beijing
    expect((await m('appointments', { at: at.toISOString(), stationId: w.roomA.id })).statusCode).toBe(200);
    expect((await m('close', { outcome: 'resolved', note: '对方同意补发' })).statusCode).toBe(200);
    await deliverDue(ctx());
    const order = ['tpl-legal-intake', 'tpl-legal-appointment', 'tpl-legal-closed'];
    const sent = sentTo((await riderOpenid(w.rider.id))!).sort(
      (x, y) => order.indexOf(String(x.template_id)) - order.indexOf(String(y.template_id)),
    );
    expect(sent.map((s) => [s.template_id, s.page])).toEqual([
      ['tpl-legal-intake', `packages/legal/case/index?id=${id}`],
      ['tpl-legal-appointment', `packages/legal/case/index?id=${id}`],
      ['tpl-legal-closed', `packages/legal/case/index?id=${id}`],
    ]);
    expect(sent.map((s) => s.data)).toEqual([
      {
        thing1: { value: '欠薪' },
        phrase2: { value: '已受理' },
        thing3: { value: '将安排调解员与你联系' },
        time4: { value: '2026-12-07 10:00' },
      },
      { thing1: { value: '欠薪' }, time2: { value: '2026-12-09 14:30' }, thing3: { value: '甲区暖新驿站 法律咨询室' } },
      {
        thing1: { value: '欠薪' },
        phrase2: { value: '调解成功' },
        time3: { value: '2026-12-07 10:00' },
        thing4: { value: '欢迎评价，15 天内可重新申请' },
      },
    ]);
    // Nothing the rider wrote travels through WeChat.
    const wire = JSON.stringify(sent);
    for (const secret of ['站长扣了我', '张三丰', '全额补发']) expect(wire).not.toContain(secret);
  });

  it('legal: a referral uses the intake template; without consent only the inbox', async () => {
    const agreed = await legalCall(
      t.app,
      w.rider,
      'POST',
      '/api/v1/legal/cases',
      openBody(w.dA.id, { subscriptions: ['legal_intake'] }),
    );
    const id = agreed.json().case.id as string;
    const refer = { referredTo: '区劳动人事争议仲裁委员会', reason: '属于劳动仲裁' };
    expect(
      (await legalCall(t.app, w.mediatorA, 'POST', `/api/v1/staff/legal/cases/${id}/refer`, refer)).statusCode,
    ).toBe(200);
    const before = wx.messages.length;
    await deliverDue(ctx());
    const [msg] = wx.messages.slice(before);
    expect(msg).toMatchObject({ template_id: 'tpl-legal-intake' });
    expect((msg!.data as Data).phrase2!.value).toBe('已转介');
    expect((msg!.data as Data).thing3!.value).toBe('区劳动人事争议仲裁委员会');

    const silent = await legalCall(t.app, w.rider, 'POST', '/api/v1/legal/cases', openBody(w.dA.id));
    const sid = silent.json().case.id as string;
    const outboxBefore = (await outboxOf(w.rider.id)).length;
    await legalCall(t.app, w.mediatorA, 'POST', `/api/v1/staff/legal/cases/${sid}/accept`);
    expect((await outboxOf(w.rider.id)).length).toBe(outboxBefore);
    const bad = await legalCall(
      t.app,
      w.rider,
      'POST',
      '/api/v1/legal/cases',
      openBody(w.dA.id, { subscriptions: ['housing_result'] }),
    );
    expect(expectError(bad, 400, 'VALIDATION_FAILED').field).toMatch(/^subscriptions/);
  });

  async function riderOpenid(id: string) {
    const [u] = await t.db.select({ openid: users.openid }).from(users).where(eq(users.id, id));
    return u?.openid;
  }
});
