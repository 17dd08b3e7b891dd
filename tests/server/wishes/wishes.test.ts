import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { auditLog, notifications, wishes, wishSteps } from '../../../server/src/db/schema/index.js';
import { communityApp, type TestUser } from '../../fixtures/community.js';
import { expectError } from '../../support/http.js';

describe('微心愿 wishes', () => {
  const h = communityApp();

  const wish = async (rider: TestUser, overrides: Record<string, unknown> = {}) => {
    const res = await h.call(rider, 'POST', '/wishes', {
      targetKind: 'community',
      targetId: h.s.a.community.id,
      category: '子女教育',
      body: '希望给上小学的女儿添一个新书包',
      ...overrides,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; status: string; steps: { step: string }[] };
  };
  const wall = async () => h.app.inject({ method: 'GET', url: '/api/v1/wishes/wall' });
  const staffIds = async (u: TestUser) =>
    (await h.call(u, 'GET', '/staff/wishes')).json().items.map((x: { id: string }) => x.id) as string[];

  it('every step: submitted → approved → adopted → fulfilled → received, each a row with a time, audited and told', async () => {
    const rider = await h.registeredRider('张小骑');
    const w = await wish(rider);
    expect(w).toMatchObject({ status: 'submitted', steps: [{ step: 'submitted' }] });
    const ca = h.s.a.communityAdmin;
    const approved = await h.call(ca, 'POST', `/staff/wishes/${w.id}/review`, { decision: 'approved' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', riderNameMasked: '张*骑' });
    expect(approved.json().phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(approved.body).not.toContain('张小骑');
    h.advanceHours(1);
    const adopted = await h.call(ca, 'POST', `/staff/wishes/${w.id}/adopt`, { adopterName: '朝阳爱心企业' });
    expect(adopted.json()).toMatchObject({ status: 'adopted', adopterName: '朝阳爱心企业' });
    // Not yet fulfilled: the rider cannot confirm.
    expectError(await h.call(rider, 'POST', `/wishes/${w.id}/received`), 409, 'WISH_STATE');
    h.advanceHours(1);
    const fulfilled = await h.call(h.s.a.streetOperator, 'POST', `/staff/wishes/${w.id}/fulfil`, {
      note: '书包已送到驿站',
    });
    expect(fulfilled.json()).toMatchObject({ status: 'fulfilled', fulfilNote: '书包已送到驿站' });
    // Another rider cannot confirm it (not found: not theirs).
    const other = await h.registeredRider();
    expectError(await h.call(other, 'POST', `/wishes/${w.id}/received`), 404, 'NOT_FOUND');
    h.advanceHours(1);
    const received = await h.call(rider, 'POST', `/wishes/${w.id}/received`);
    expect(received.statusCode).toBe(200);
    expect(received.json().status).toBe('received');
    expect(received.json().steps.map((s: { step: string }) => s.step)).toEqual([
      'submitted',
      'approved',
      'adopted',
      'fulfilled',
      'received',
    ]);
    // Twice: refused, nothing more appended.
    expectError(await h.call(rider, 'POST', `/wishes/${w.id}/received`), 409, 'WISH_STATE');
    const steps = await h.t.db.select().from(wishSteps).where(eq(wishSteps.wishId, w.id));
    expect(steps).toHaveLength(5);
    expect(new Set(steps.map((s) => s.at.getTime())).size).toBe(4);
    // Append-only in the database too: a step is never changed.
    const err = (await h.t.db
      .update(wishSteps)
      .set({ note: '改写' })
      .where(eq(wishSteps.wishId, w.id))
      .then(
        () => null,
        (e: unknown) => e,
      )) as { message?: string; cause?: { message?: string } } | null;
    expect(String(err?.cause?.message ?? err?.message)).toMatch(/append-only/);
    const mine = (await h.call(rider, 'GET', '/wishes/mine')).json().items;
    expect(mine[0]).toMatchObject({ id: w.id, status: 'received', adopterName: '朝阳爱心企业' });
    const audits = await h.t.db.select().from(auditLog).where(eq(auditLog.targetId, w.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['wish.adopt', 'wish.approve', 'wish.fulfil']);
    const inbox = await h.t.db.select().from(notifications).where(eq(notifications.userId, rider.id));
    expect(inbox.map((n) => n.kind).sort()).toEqual(['wish_adopted', 'wish_approved', 'wish_fulfilled']);
    // A later step out of order is refused.
    expectError(await h.call(ca, 'POST', `/staff/wishes/${w.id}/review`, { decision: 'approved' }), 409, 'WISH_STATE');
    expectError(await h.call(ca, 'POST', `/staff/wishes/${w.id}/fulfil`, { note: '再来一次' }), 409, 'WISH_STATE');
  });

  it('不通过 needs a reason, which the rider reads; a rejected wish cannot be adopted and is not on the wall', async () => {
    const rider = await h.registeredRider();
    const w = await wish(rider, { body: '想要一台新手机' });
    const noReason = expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/review`, { decision: 'rejected' }),
      400,
      'WISH_REASON_REQUIRED',
    );
    expect(noReason.field).toBe('reason');
    expect(noReason.message).toBe('不通过时请填写原因');
    // Not approved yet: cannot be adopted.
    expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/adopt`, { adopterName: '某单位' }),
      409,
      'WISH_STATE',
    );
    const res = await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/review`, {
      decision: 'rejected',
      reason: '超出微心愿的金额范围',
    });
    expect(res.json()).toMatchObject({ status: 'rejected', rejectReason: '超出微心愿的金额范围' });
    expect((await h.call(rider, 'GET', '/wishes/mine')).json().items[0]).toMatchObject({
      status: 'rejected',
      rejectReason: '超出微心愿的金额范围',
    });
    expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/adopt`, { adopterName: '某单位' }),
      409,
      'WISH_STATE',
    );
    expect((await wall()).json().items.map((x: { id: string }) => x.id)).not.toContain(w.id);
  });

  it('scopes: a community’s wish reaches its admin and street only; a street’s wish not a community admin', async () => {
    const rider = await h.registeredRider();
    const w = await wish(rider);
    expect(await staffIds(h.s.a.communityAdmin)).toContain(w.id);
    expect(await staffIds(h.s.a.streetOperator)).toContain(w.id);
    expect(await staffIds(h.s.b.communityAdmin)).not.toContain(w.id);
    expect(await staffIds(h.s.b.streetOperator)).not.toContain(w.id);
    for (const [u, path, body] of [
      [h.s.b.communityAdmin, 'review', { decision: 'approved' }],
      [h.s.b.streetOperator, 'review', { decision: 'approved' }],
      [h.s.b.streetOperator, 'adopt', { adopterName: '外区单位' }],
      [h.s.b.streetOperator, 'fulfil', { note: '外区' }],
    ] as const) {
      expectError(await h.call(u, 'POST', `/staff/wishes/${w.id}/${path}`, body), 403, 'OUT_OF_SCOPE');
    }
    const [row] = await h.t.db.select().from(wishes).where(eq(wishes.id, w.id));
    expect(row).toMatchObject({ status: 'submitted', adopterName: null });
    const street = await wish(rider, { targetKind: 'street', targetId: h.s.a.street.id });
    expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${street.id}/review`, { decision: 'approved' }),
      403,
      'OUT_OF_SCOPE',
    );
    expect(await staffIds(h.s.a.communityAdmin)).not.toContain(street.id);
    expect(
      (await h.call(h.s.a.streetOperator, 'POST', `/staff/wishes/${street.id}/review`, { decision: 'approved' }))
        .statusCode,
    ).toBe(200);
    // Roles: a merchant cannot read the staff list; staff cannot wish.
    expectError(await h.call(h.s.a.merchantUser, 'GET', '/staff/wishes'), 403, 'FORBIDDEN');
    expectError(await h.call(h.s.a.communityAdmin, 'POST', '/wishes', {}), 403, 'FORBIDDEN');
  });

  it('refuses bad input with Chinese messages and field names; an unregistered rider cannot wish; nothing written', async () => {
    const rider = await h.registeredRider();
    const unknown = expectError(
      await h.call(rider, 'POST', '/wishes', {
        targetKind: 'street',
        targetId: h.s.a.community.id,
        category: '其他',
        body: '内容',
      }),
      400,
      'WISH_TARGET_UNKNOWN',
    );
    expect(unknown.field).toBe('targetId');
    expect(unknown.message).toBe('找不到该社区或街道');
    const badCategory = expectError(
      await h.call(rider, 'POST', '/wishes', {
        targetKind: 'street',
        targetId: h.s.a.street.id,
        category: '汽车',
        body: '内容',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(badCategory.message).toContain('心愿类别');
    const noBody = expectError(
      await h.call(rider, 'POST', '/wishes', { targetKind: 'street', targetId: h.s.a.street.id, category: '其他' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(noBody.message).toContain('心愿内容');
    const blank = expectError(
      await h.call(rider, 'POST', '/wishes', {
        targetKind: 'street',
        targetId: h.s.a.street.id,
        category: '其他',
        body: '   ',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(blank.field).toBe('body');
    expect(blank.message).toBe('请填写心愿内容');
    const long = expectError(
      await h.call(rider, 'POST', '/wishes', {
        targetKind: 'street',
        targetId: h.s.a.street.id,
        category: '其他',
        body: '长'.repeat(301),
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(long.message).toContain('心愿内容');
    const unregistered = await h.unregisteredRider();
    expectError(await wishAs(unregistered), 403, 'PROFILE_REQUIRED');
    expect(await h.t.db.select().from(wishes).where(eq(wishes.riderId, rider.id))).toEqual([]);
    expect(await h.t.db.select().from(wishes).where(eq(wishes.riderId, unregistered.id))).toEqual([]);

    const w = await wish(rider);
    const badDecision = expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/review`, { decision: 'maybe' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(badDecision.message).toContain('审核结果');
    await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/review`, { decision: 'approved' });
    const noAdopter = expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/adopt`, { adopterName: '  ' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(noAdopter.field).toBe('adopterName');
    expect(noAdopter.message).toBe('请填写认领人或单位');
    const missing = expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/adopt`, {}),
      400,
      'VALIDATION_FAILED',
    );
    expect(missing.message).toContain('认领人或单位');
    await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/adopt`, { adopterName: '志愿者王老师' });
    const noNote = expectError(
      await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/fulfil`, {}),
      400,
      'VALIDATION_FAILED',
    );
    expect(noNote.message).toContain('实现说明');
    const [row] = await h.t.db.select().from(wishes).where(eq(wishes.id, w.id));
    expect(row).toMatchObject({ status: 'adopted', fulfilNote: null });
  });

  const wishAs = (rider: TestUser) =>
    h.call(rider, 'POST', '/wishes', {
      targetKind: 'street',
      targetId: h.s.a.street.id,
      category: '生活用品',
      body: '想要一个暖水壶',
    });

  it('two staff adopting at once: exactly one succeeds, the other is told it is taken', async () => {
    const rider = await h.registeredRider();
    const w = await wish(rider);
    await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/review`, { decision: 'approved' });
    const results = await Promise.all([
      h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/adopt`, { adopterName: '甲单位' }),
      h.call(h.s.a.streetOperator, 'POST', `/staff/wishes/${w.id}/adopt`, { adopterName: '乙单位' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const lost = expectError(
      results.find((r) => r.statusCode === 409)!,
      409,
      'WISH_ALREADY_ADOPTED',
    );
    expect(lost.message).toBe('该心愿已被认领');
    const winner = results.find((r) => r.statusCode === 200)!.json().adopterName as string;
    const [row] = await h.t.db.select().from(wishes).where(eq(wishes.id, w.id));
    expect(row!.adopterName).toBe(winner);
    const steps = await h.t.db.select().from(wishSteps).where(eq(wishSteps.wishId, w.id));
    expect(steps.filter((s) => s.step === 'adopted')).toHaveLength(1);
    const audits = await h.t.db.select().from(auditLog).where(eq(auditLog.targetId, w.id));
    expect(audits.filter((a) => a.action === 'wish.adopt')).toHaveLength(1);
  });

  it('the public wall (no login) shows approved wishes with place, state and adopter, and no personal data', async () => {
    const rider = await h.registeredRider('李墙测');
    const w = await wish(rider, { body: '心愿墙测试：想学电脑' });
    expect((await wall()).json().items.map((x: { id: string }) => x.id)).not.toContain(w.id);
    await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/review`, { decision: 'approved' });
    await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${w.id}/adopt`, { adopterName: '社区书院' });
    const res = await wall();
    expect(res.statusCode).toBe(200);
    const item = res.json().items.find((x: { id: string }) => x.id === w.id);
    expect(item).toEqual({
      id: w.id,
      targetKind: 'community',
      targetName: 'A小区',
      category: '子女教育',
      body: '心愿墙测试：想学电脑',
      status: 'adopted',
      adopterName: '社区书院',
      createdAt: expect.any(String),
      // Not fulfilled: no photo (a fulfilment photo shows only when staff marked it public).
      fulfilPhoto: null,
    });
    expect(res.body).not.toContain('李墙测');
    expect(res.body).not.toContain('李*测');
    expect(res.body).not.toContain(rider.id);
    expect(res.body).not.toMatch(/riderId|riderName|phone|rejectReason|fulfilNote|steps/);
  });

  it('lists targets by name for the form (a LIKE wildcard is text)', async () => {
    const rider = await h.registeredRider();
    const res = await h.call(rider, 'GET', `/wishes/targets?q=${encodeURIComponent('A')}`);
    expect(res.json().items).toEqual(
      expect.arrayContaining([
        { kind: 'street', id: h.s.a.street.id, name: 'A街道' },
        { kind: 'community', id: h.s.a.community.id, name: 'A小区' },
      ]),
    );
    expect((await h.call(rider, 'GET', '/wishes/targets?q=%25')).json().items).toEqual([]);
  });

  it('privacy: the export has wishes.json with every step; account deletion deletes every wish of the rider', async () => {
    const rider = await h.registeredRider('隐私骑手');
    const other = await h.registeredRider();
    const done = await wish(rider, { body: '隐私：已实现的心愿' });
    await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${done.id}/review`, { decision: 'approved' });
    await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${done.id}/adopt`, { adopterName: '爱心单位' });
    await h.call(h.s.a.communityAdmin, 'POST', `/staff/wishes/${done.id}/fulfil`, { note: '已送达' });
    await wish(rider, { body: '隐私：待审核的心愿' });
    const theirs = await wish(other, { body: '别人的心愿' });
    const res = await h.call(rider, 'GET', '/privacy/export');
    expect(res.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const text = strFromU8(files['wishes.json']!);
    const exported = JSON.parse(text);
    expect(exported).toEqual([
      expect.objectContaining({ body: '隐私：已实现的心愿', status: 'fulfilled', adopterName: '爱心单位' }),
      expect.objectContaining({ body: '隐私：待审核的心愿', status: 'submitted' }),
    ]);
    expect(exported[0].steps.map((s: { step: string }) => s.step)).toEqual([
      'submitted',
      'approved',
      'adopted',
      'fulfilled',
    ]);
    expect(text).not.toContain('别人的心愿');
    const del = await h.call(rider, 'POST', '/privacy/account/delete', { confirm: '注销' });
    expect(del.statusCode).toBe(200);
    expect(await h.t.db.select().from(wishes).where(eq(wishes.riderId, rider.id))).toEqual([]);
    expect(await h.t.db.select().from(wishSteps).where(eq(wishSteps.wishId, done.id))).toEqual([]);
    expect((await wall()).json().items.map((x: { id: string }) => x.id)).not.toContain(done.id);
    const [kept] = await h.t.db.select().from(wishes).where(eq(wishes.id, theirs.id));
    expect(kept).toBeDefined();
  });
});
