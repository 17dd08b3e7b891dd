import { eq } from 'drizzle-orm';
import { auditLog, notifications, suggestions } from '../../../server/src/db/schema/index.js';
import { communityApp, type TestUser } from '../../fixtures/community.js';
import { createUser } from '../../fixtures/factories.js';
import { expectError } from '../../support/http.js';

describe('骑思妙想 suggestions', () => {
  const h = communityApp();

  const suggest = async (rider: TestUser, overrides: Record<string, unknown> = {}) => {
    const res = await h.call(rider, 'POST', '/suggestions', {
      targetKind: 'community',
      targetId: h.s.a.community.id,
      title: '驿站增设充电柜',
      body: '晚高峰充电排队太长，建议在驿站旁增设两个充电柜。',
      category: '驿站服务',
      ...overrides,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  };

  it('a rider suggests to a community; its admin, the street and the district see it, the other scope does not', async () => {
    const rider = await h.registeredRider('张骑手');
    const s = await suggest(rider);
    const idsOf = async (u: TestUser) =>
      (await h.call(u, 'GET', '/staff/suggestions')).json().items.map((x: { id: string }) => x.id) as string[];
    expect(await idsOf(h.s.a.communityAdmin)).toContain(s.id);
    expect(await idsOf(h.s.a.streetOperator)).toContain(s.id);
    expect(await idsOf(h.s.districtAdmin)).toContain(s.id);
    expect(await idsOf(h.s.b.communityAdmin)).not.toContain(s.id);
    expect(await idsOf(h.s.b.streetOperator)).not.toContain(s.id);
    expect(await idsOf(h.s.otherDistrictAdmin)).not.toContain(s.id);
    const staffItem = (await h.call(h.s.a.communityAdmin, 'GET', '/staff/suggestions'))
      .json()
      .items.find((x: { id: string }) => x.id === s.id);
    expect(staffItem).toMatchObject({ riderName: '张骑手', status: 'submitted', targetName: 'A小区' });
    // Out of scope: refused, nothing changes.
    expectError(
      await h.call(h.s.b.streetOperator, 'POST', `/staff/suggestions/${s.id}/reply`, { reply: '收到' }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(
      await h.call(h.s.b.communityAdmin, 'POST', `/staff/suggestions/${s.id}/decision`, { status: 'adopted' }),
      403,
      'OUT_OF_SCOPE',
    );
    const [row] = await h.t.db.select().from(suggestions).where(eq(suggestions.id, s.id));
    expect(row).toMatchObject({ status: 'submitted', reply: null });
  });

  it('a street’s suggestion goes to the street, not to a community admin', async () => {
    const rider = await h.registeredRider();
    const s = await suggest(rider, { targetKind: 'street', targetId: h.s.a.street.id });
    expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/suggestions/${s.id}/reply`, { reply: '好' }),
      403,
      'OUT_OF_SCOPE',
    );
    expect(
      (await h.call(h.s.a.streetOperator, 'POST', `/staff/suggestions/${s.id}/reply`, { reply: '好' })).statusCode,
    ).toBe(200);
  });

  it('refuses bad input with Chinese messages and field names', async () => {
    const rider = await h.registeredRider();
    const unknown = expectError(
      await h.call(rider, 'POST', '/suggestions', {
        targetKind: 'street',
        targetId: h.s.a.community.id,
        title: '标题',
        body: '内容',
      }),
      400,
      'SUGGESTION_TARGET_UNKNOWN',
    );
    expect(unknown.field).toBe('targetId');
    const noBody = expectError(
      await h.call(rider, 'POST', '/suggestions', { targetKind: 'street', targetId: h.s.a.street.id, title: '标题' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(noBody.message).toContain('建议内容');
    const blank = expectError(
      await h.call(rider, 'POST', '/suggestions', {
        targetKind: 'street',
        targetId: h.s.a.street.id,
        title: '标题',
        body: '   ',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(blank.field).toBe('body');
    const s = await suggest(rider);
    const noReason = expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/suggestions/${s.id}/decision`, { status: 'not_adopted' }),
      400,
      'SUGGESTION_REASON_REQUIRED',
    );
    expect(noReason.field).toBe('reason');
    const badStatus = expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/suggestions/${s.id}/decision`, { status: 'maybe' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(badStatus.message).toContain('处理结果');
    expectError(await h.call(h.s.a.merchantUser, 'GET', '/staff/suggestions'), 403, 'FORBIDDEN');
    expectError(await h.call(h.s.a.communityAdmin, 'POST', '/suggestions', {}), 403, 'FORBIDDEN');
  });

  it('reply → 已收到 and a notice; adoption credits once (even twice at once) and is final', async () => {
    const rider = await h.registeredRider();
    const s = await suggest(rider);
    const before = await h.available(rider);
    const replied = await h.call(h.s.a.communityAdmin, 'POST', `/staff/suggestions/${s.id}/reply`, {
      reply: '谢谢建议，我们正在联系充电柜厂家。',
    });
    expect(replied.json()).toMatchObject({ status: 'received', reply: '谢谢建议，我们正在联系充电柜厂家。' });
    const mine = (await h.call(rider, 'GET', '/suggestions/mine')).json();
    expect(mine.items[0]).toMatchObject({ id: s.id, status: 'received', reply: '谢谢建议，我们正在联系充电柜厂家。' });
    const decisions = await Promise.all([
      h.call(h.s.a.communityAdmin, 'POST', `/staff/suggestions/${s.id}/decision`, { status: 'adopted' }),
      h.call(h.s.a.streetOperator, 'POST', `/staff/suggestions/${s.id}/decision`, { status: 'adopted' }),
    ]);
    expect(decisions.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expectError(
      decisions.find((r) => r.statusCode === 409)!,
      409,
      'SUGGESTION_DECIDED',
    );
    expect(await h.available(rider)).toBe(before + 10);
    expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/suggestions/${s.id}/decision`, {
        status: 'not_adopted',
        reason: '改主意',
      }),
      409,
      'SUGGESTION_DECIDED',
    );
    expect(await h.available(rider)).toBe(before + 10);
    const inbox = await h.t.db.select().from(notifications).where(eq(notifications.userId, rider.id));
    expect(inbox.map((n) => n.kind).sort()).toEqual(['suggestion_decision', 'suggestion_reply']);
    const audits = await h.t.db.select().from(auditLog).where(eq(auditLog.targetId, s.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['suggestion.decide', 'suggestion.reply']);
  });

  it('not adopted keeps the reason for the rider and credits nothing', async () => {
    const rider = await h.registeredRider();
    const s = await suggest(rider);
    const before = await h.available(rider);
    const res = await h.call(h.s.a.streetOperator, 'POST', `/staff/suggestions/${s.id}/decision`, {
      status: 'not_adopted',
      reason: '该位置不具备安装条件',
    });
    expect(res.json()).toMatchObject({ status: 'not_adopted', decisionReason: '该位置不具备安装条件' });
    expect(await h.available(rider)).toBe(before);
    expect((await h.call(rider, 'GET', '/suggestions/mine')).json().items[0]).toMatchObject({
      status: 'not_adopted',
      decisionReason: '该位置不具备安装条件',
    });
  });

  it('support +1 once per rider, counted exactly under concurrency; not for one’s own; the public list has no names or phones', async () => {
    const author = await h.registeredRider('王大明');
    const s = await suggest(author, { title: '公开列表测试' });
    expectError(await h.call(author, 'POST', `/suggestions/${s.id}/support`), 409, 'SUGGESTION_OWN_SUPPORT');
    const fans: TestUser[] = [];
    for (let i = 0; i < 5; i++) fans.push(await createUser(h.t.db, 'rider'));
    const results = await Promise.all(
      [...fans, fans[0]!, fans[1]!].map((f) => h.call(f, 'POST', `/suggestions/${s.id}/support`)),
    );
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const [row] = await h.t.db.select().from(suggestions).where(eq(suggestions.id, s.id));
    expect(row!.supportCount).toBe(5);
    const list = await h.call(fans[0]!, 'GET', '/suggestions');
    const item = list.json().items.find((x: { id: string }) => x.id === s.id);
    expect(item).toMatchObject({ supportCount: 5, supportedByMe: true, mine: false });
    const text = list.body;
    expect(text).not.toContain('王大明');
    expect(text).not.toContain(author.id);
    expect(text).not.toMatch(/riderId|riderName|phone/);
  });

  it('lists targets by name for the form', async () => {
    const rider = await h.registeredRider();
    const res = await h.call(rider, 'GET', `/suggestions/targets?q=${encodeURIComponent('A')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual(
      expect.arrayContaining([
        { kind: 'street', id: h.s.a.street.id, name: 'A街道' },
        { kind: 'community', id: h.s.a.community.id, name: 'A小区' },
      ]),
    );
    // A LIKE wildcard is searched as text.
    expect((await h.call(rider, 'GET', '/suggestions/targets?q=%25')).json().items).toEqual([]);
  });
});
