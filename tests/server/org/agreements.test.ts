import { and, eq } from 'drizzle-orm';
import { agreements, auditLog, notifications, passes } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createCommunity, createTwoScopes, createUser } from '../../fixtures/factories.js';
import { register } from '../../fixtures/access.js';

type World = Awaited<ReturnType<typeof createTwoScopes>>;
type Who = { id: string; role: string };

const parties = [
  { kind: 'community', organisation: 'A社区居委会', signatory: '李主任' },
  { kind: 'property', organisation: '某某物业', signatory: '王经理' },
  { kind: 'platform', organisation: '美团外卖', signatory: '张站长' },
];

describe('co-construction agreements (三方共建协议)', () => {
  let t: TestContext;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await createTwoScopes(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: bearer(accessTokenFor(t.app, who)), payload: payload as object });
  const create = (who: Who, body: Record<string, unknown>) => call(who, 'POST', '/api/v1/access/agreements', body);
  const body = (communityId: string, extra: Record<string, unknown> = {}) => ({
    communityId,
    platform: 'meituan',
    startsOn: '2020-01-01',
    endsOn: '2030-12-31',
    approval: 'manual',
    parties,
    ...extra,
  });

  /** A rider of 美团 (station 美团测试站) who applied to a community; approved by its admin when asked. */
  async function riderWithPass(communityId: string, approveAs?: Who) {
    const rider = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, rider));
    await register(t.app, headers);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/access/passes',
      headers,
      payload: { communityIds: [communityId] },
    });
    if (res.statusCode !== 200) throw new Error(`apply → ${res.statusCode} ${res.body}`);
    const pass = res.json().items[0] as { id: string };
    if (approveAs) {
      const ok = await call(approveAs, 'POST', '/api/v1/access/passes/approve', { passIds: [pass.id] });
      if (ok.statusCode !== 200) throw new Error(`approve → ${ok.statusCode} ${ok.body}`);
    }
    const status = async () =>
      (
        (await t.app.inject({ method: 'GET', url: '/api/v1/access/passes', headers })).json().items as {
          id: string;
          status: string;
        }[]
      ).find((p) => p.id === pass.id)!.status;
    return { rider, headers, pass, status };
  }

  it('a community admin signs an agreement for its community; lists per community, street and district', async () => {
    const res = await create(w.a.communityAdmin, body(w.a.community.id, { stationName: ' 美团测试站 ' }));
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toEqual(
      expect.objectContaining({
        communityId: w.a.community.id,
        communityName: 'A小区',
        platform: 'meituan',
        stationName: '美团测试站',
        startsOn: '2020-01-01',
        endsOn: '2030-12-31',
        approval: 'manual',
        parties,
        state: 'in_force',
        passes: 0,
        endedAt: null,
      }),
    );
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, a.id));
    expect(audit).toEqual(
      expect.objectContaining({ action: 'agreement.create', communityId: w.a.community.id, streetId: w.a.street.id }),
    );
    const ids = async (who: Who, query = '') =>
      ((await call(who, 'GET', `/api/v1/access/agreements${query}`)).json().items as { id: string }[]).map((x) => x.id);
    expect(await ids(w.a.communityAdmin, `?communityId=${w.a.community.id}`)).toEqual([a.id]);
    expect(await ids(w.a.streetOperator)).toContain(a.id);
    expect(await ids(w.districtAdmin, `?streetId=${w.a.street.id}`)).toContain(a.id);
    expect(await ids(w.b.communityAdmin)).not.toContain(a.id);
    expect(await ids(w.otherDistrictAdmin)).not.toContain(a.id);
    expectError(
      await call(w.b.communityAdmin, 'GET', `/api/v1/access/agreements?communityId=${w.a.community.id}`),
      403,
      'OUT_OF_SCOPE',
    );
  });

  it('refuses bad dates, overlaps, unnamed parties and callers out of scope — nothing written', async () => {
    const community = await createCommunity(t.db, w.a.street.id, '校验小区');
    const count = async () =>
      (await t.db.select().from(agreements).where(eq(agreements.communityId, community.id))).length;
    const dates = expectError(
      await create(w.districtAdmin, body(community.id, { startsOn: '2026-05-01', endsOn: '2026-04-30' })),
      400,
      'AGREEMENT_DATES_INVALID',
    );
    expect(dates.field).toBe('endsOn');
    const notADay = expectError(
      await create(w.districtAdmin, body(community.id, { startsOn: '2026-02-30' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(notADay).toEqual(expect.objectContaining({ field: 'startsOn', message: '开始日期不是有效日期' }));
    const party = expectError(
      await create(
        w.districtAdmin,
        body(community.id, { parties: [{ kind: 'property', organisation: ' ', signatory: '王' }] }),
      ),
      400,
      'VALIDATION_FAILED',
    );
    expect(party).toEqual(
      expect.objectContaining({ field: 'parties.0.organisation', message: '请填写第 1 个签约方的单位名称' }),
    );
    expectError(await create(w.districtAdmin, body(community.id, { platform: 'ufo' })), 400, 'VALIDATION_FAILED');
    expect(await count()).toBe(0);

    expect((await create(w.districtAdmin, body(community.id, { endsOn: null }))).statusCode).toBe(201);
    const overlap = expectError(
      await create(w.a.streetOperator, body(community.id, { startsOn: '2031-01-01', endsOn: null })),
      409,
      'AGREEMENT_OVERLAP',
    );
    expect(overlap.message).toContain('美团');
    // Another station, or another platform, is another agreement.
    expect((await create(w.a.streetOperator, body(community.id, { stationName: '美团朝阳站' }))).statusCode).toBe(201);
    expect((await create(w.a.streetOperator, body(community.id, { platform: 'eleme' }))).statusCode).toBe(201);

    expectError(await create(w.b.communityAdmin, body(community.id)), 403, 'OUT_OF_SCOPE');
    expectError(await create(w.b.streetOperator, body(community.id)), 403, 'OUT_OF_SCOPE');
    expectError(await create(w.otherDistrictAdmin, body(community.id)), 403, 'OUT_OF_SCOPE');
    for (const who of [w.a.merchantUser, w.rider]) {
      expectError(await create(who, body(community.id, { platform: 'sf' })), 403, 'FORBIDDEN');
      expectError(await call(who, 'GET', '/api/v1/access/agreements'), 403, 'FORBIDDEN');
    }
    expect(await count()).toBe(3);
  });

  it('a new end date carries over to the passes granted under the agreement', async () => {
    const community = await createCommunity(t.db, w.a.street.id, '改期小区');
    const a = (await create(w.districtAdmin, body(community.id, { endsOn: null }))).json();
    const admin = await createUser(t.db, 'community_admin', [{ kind: 'community', refId: community.id }]);
    const { pass } = await riderWithPass(community.id, admin);
    const res = await call(admin, 'PATCH', `/api/v1/access/agreements/${a.id}`, {
      endsOn: '2031-06-30',
      approval: 'auto',
    });
    expect(res.json()).toEqual(expect.objectContaining({ endsOn: '2031-06-30', approval: 'auto', passes: 1 }));
    const [row] = await t.db.select().from(passes).where(eq(passes.id, pass.id));
    expect(row!.expiresAt!.toISOString()).toBe(new Date('2031-06-30T23:59:59.999+08:00').toISOString());
    expectError(
      await call(admin, 'PATCH', `/api/v1/access/agreements/${a.id}`, { startsOn: '2032-01-01' }),
      400,
      'AGREEMENT_DATES_INVALID',
    );
    expectError(await call(admin, 'PATCH', `/api/v1/access/agreements/${a.id}`, {}), 400, 'NOTHING_TO_UPDATE');
    expectError(
      await call(w.b.communityAdmin, 'PATCH', `/api/v1/access/agreements/${a.id}`, { approval: 'manual' }),
      403,
      'OUT_OF_SCOPE',
    );
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, a.id), eq(auditLog.action, 'agreement.update')));
    expect(audit!.before).toEqual(expect.objectContaining({ endsOn: null, approval: 'manual' }));
    expect(audit!.after).toEqual(expect.objectContaining({ endsOn: '2031-06-30', approval: 'auto' }));
  });

  it('ending an agreement stops its passes at once, closes pending ones and admits nobody new', async () => {
    const community = await createCommunity(t.db, w.a.street.id, '终止小区');
    const admin = await createUser(t.db, 'community_admin', [{ kind: 'community', refId: community.id }]);
    const a = (await create(admin, body(community.id))).json();
    const approved = await riderWithPass(community.id, admin);
    const pending = await riderWithPass(community.id);
    expect(await approved.status()).toBe('approved');
    expect(await pending.status()).toBe('pending');

    const res = await call(w.a.streetOperator, 'POST', `/api/v1/access/agreements/${a.id}/end`, { reason: '物业更换' });
    expect(res.statusCode).toBe(200);
    const ended = res.json();
    expect(ended.passesStopped).toBe(2);
    expect(ended.agreement).toEqual(expect.objectContaining({ state: 'ended', passes: 0 }));
    expect(ended.agreement.endedAt).not.toBeNull();
    expect(await approved.status()).toBe('expired');
    expect(await pending.status()).toBe('expired');
    // Each rider is told, with the reason.
    const told = async (userId: string) =>
      (await t.db.select().from(notifications).where(eq(notifications.userId, userId))).map((n) => [n.kind, n.body]);
    expect(await told(approved.rider.id)).toContainEqual([
      'pass_revoked',
      expect.stringContaining('共建协议已终止：物业更换'),
    ]);
    expect(await told(pending.rider.id)).toEqual([
      ['pass_rejected', expect.stringContaining('共建协议已终止：物业更换')],
    ]);
    // Nobody can apply under it any more, and it is no longer offered.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/access/passes',
      headers: approved.headers,
      payload: { communityIds: [community.id] },
    });
    expectError(again, 409, 'COMMUNITY_NOT_OPEN');
    const open = (
      await t.app.inject({ method: 'GET', url: '/api/v1/access/open-communities', headers: approved.headers })
    ).json();
    expect(open.items.map((c: { id: string }) => c.id)).not.toContain(community.id);
    // Ended is final.
    expectError(
      await call(admin, 'PATCH', `/api/v1/access/agreements/${a.id}`, { approval: 'auto' }),
      409,
      'AGREEMENT_ENDED',
    );
    expectError(await call(admin, 'POST', `/api/v1/access/agreements/${a.id}/end`, {}), 409, 'AGREEMENT_ENDED');
    // Listed only with all=true.
    const list = async (q: string) =>
      (
        (await call(admin, 'GET', `/api/v1/access/agreements?communityId=${community.id}${q}`)).json().items as {
          id: string;
        }[]
      ).map((x) => x.id);
    expect(await list('')).toEqual([]);
    expect(await list('&all=true')).toEqual([a.id]);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, a.id), eq(auditLog.action, 'agreement.end')));
    expect(audit).toEqual(expect.objectContaining({ actorId: w.a.streetOperator.id, actorRole: 'street_operator' }));
    expect(audit!.after).toEqual(expect.objectContaining({ passesStopped: 2, reason: '物业更换' }));
    // A new agreement for the same platform may follow the ended one.
    expect((await create(admin, body(community.id))).statusCode).toBe(201);
  });

  it('a deactivated community admits no new applications under its agreements; passes held stay', async () => {
    const community = await createCommunity(t.db, w.a.street.id, '停用小区');
    const admin = await createUser(t.db, 'community_admin', [{ kind: 'community', refId: community.id }]);
    expect((await create(admin, body(community.id))).statusCode).toBe(201);
    const holder = await riderWithPass(community.id, admin);
    const off = await call(w.districtAdmin, 'PATCH', `/api/v1/communities/${community.id}`, { active: false });
    expect(off.json().active).toBe(false);
    const late = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, late));
    await register(t.app, headers);
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/access/passes',
        headers,
        payload: { communityIds: [community.id] },
      }),
      409,
      'COMMUNITY_NOT_OPEN',
    );
    expect(await holder.status()).toBe('approved');
    expectError(await create(admin, body(community.id, { platform: 'eleme' })), 409, 'COMMUNITY_INACTIVE');
  });

  it('two staff ending the same agreement at once: one ends it, the other gets 409', async () => {
    const community = await createCommunity(t.db, w.a.street.id, '并发终止小区');
    const a = (await create(w.districtAdmin, body(community.id))).json();
    const responses = await Promise.all([
      call(w.districtAdmin, 'POST', `/api/v1/access/agreements/${a.id}/end`, {}),
      call(w.a.streetOperator, 'POST', `/api/v1/access/agreements/${a.id}/end`, {}),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expectError(
      responses.find((r) => r.statusCode === 409)!,
      409,
      'AGREEMENT_ENDED',
    );
    const ends = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, a.id), eq(auditLog.action, 'agreement.end')));
    expect(ends).toHaveLength(1);
  });

  it('an edit and an end at once: the end wins either way and its passes stay stopped', async () => {
    const community = await createCommunity(t.db, w.a.street.id, '并发修改小区');
    const admin = await createUser(t.db, 'community_admin', [{ kind: 'community', refId: community.id }]);
    const a = (await create(admin, body(community.id))).json();
    const r = await riderWithPass(community.id, admin);
    const [edit, end] = await Promise.all([
      call(admin, 'PATCH', `/api/v1/access/agreements/${a.id}`, { endsOn: '2035-12-31' }),
      call(w.districtAdmin, 'POST', `/api/v1/access/agreements/${a.id}/end`, {}),
    ]);
    expect(end.statusCode).toBe(200);
    // The edit went first (and the end after it), or found the agreement ended.
    if (edit.statusCode !== 200) expectError(edit, 409, 'AGREEMENT_ENDED');
    const [row] = await t.db.select().from(agreements).where(eq(agreements.id, a.id));
    expect(row!.endedAt).not.toBeNull();
    expect(await r.status()).toBe('expired');
  });

  it('two staff signing the same agreement at once: one is created, the other is 409 AGREEMENT_OVERLAP', async () => {
    const community = await createCommunity(t.db, w.a.street.id, '并发签订小区');
    const responses = await Promise.all([
      create(w.districtAdmin, body(community.id)),
      create(w.a.streetOperator, body(community.id)),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await t.db.select().from(agreements).where(eq(agreements.communityId, community.id))).toHaveLength(1);
  });
});
