import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { applyAndApprove, createAccessWorld, createAgreement, register } from '../../fixtures/access.js';

type World = Awaited<ReturnType<typeof createAccessWorld>>;

describe('passes: apply, review, approve, reject, revoke', () => {
  let t: TestContext;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await createAccessWorld(t.app, t.db);
    await register(t.app, w.riderAuth, { phone: '13700001234' });
  });
  afterAll(async () => {
    await t.close();
  });

  const newRider = async (overrides: Record<string, unknown> = {}) => {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    await register(t.app, headers, overrides);
    return { user, headers };
  };
  const apply = (headers: Record<string, string>, communityIds: string[]) =>
    t.app.inject({ method: 'POST', url: '/api/v1/access/passes', headers, payload: { communityIds } });

  it('an unregistered rider cannot apply (400 PROFILE_REQUIRED)', async () => {
    const user = await createUser(t.db, 'rider');
    expectError(await apply(bearer(accessTokenFor(t.app, user)), [w.a.community.id]), 400, 'PROFILE_REQUIRED');
  });

  it('a manual agreement makes the application pending; the admin sees it with masked phone and ID', async () => {
    const res = await apply(w.riderAuth, [w.a.community.id]);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ communityId: w.a.community.id, status: 'pending' })]);
    const queue = await t.app.inject({ method: 'GET', url: '/api/v1/access/review', headers: w.adminA });
    expect(queue.statusCode).toBe(200);
    const item = queue.json().items.find((i: { rider: { id: string } }) => i.rider.id === w.rider.id);
    expect(item.rider.phoneMasked).toBe('137****1234');
    expect(item.rider.idMasked).toMatch(/^\*{14}[\dX]{4}$/);
    expect(queue.body).not.toContain('13700001234');
  });

  it('an admin sees only its own communities in the queue', async () => {
    const queue = await t.app.inject({ method: 'GET', url: '/api/v1/access/review', headers: w.adminB });
    expect(queue.json().items.filter((i: { communityId: string }) => i.communityId === w.a.community.id)).toEqual([]);
    expectError(
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/access/review?communityId=${w.a.community.id}`,
        headers: w.adminB,
      }),
      403,
      'OUT_OF_SCOPE',
    );
  });

  it('the other community’s admin cannot approve, reject or revoke (403 OUT_OF_SCOPE)', async () => {
    const { items } = (
      await t.app.inject({ method: 'GET', url: '/api/v1/access/passes', headers: w.riderAuth })
    ).json();
    const passId = items[0].id;
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/access/passes/approve',
        headers: w.adminB,
        payload: { passIds: [passId] },
      }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/access/passes/${passId}/reject`,
        headers: w.adminB,
        payload: { reason: 'x' },
      }),
      403,
      'OUT_OF_SCOPE',
    );
  });

  it('bulk approve approves several pending applications at once', async () => {
    const r1 = await newRider();
    const r2 = await newRider();
    const p1 = (await apply(r1.headers, [w.a.community.id])).json().items[0];
    const p2 = (await apply(r2.headers, [w.a.community.id])).json().items[0];
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/access/passes/approve',
      headers: w.adminA,
      payload: { passIds: [p1.id, p2.id] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().approved.sort()).toEqual([p1.id, p2.id].sort());
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/access/passes', headers: r1.headers })).json();
    expect(mine.items[0].status).toBe('approved');
    // Approving again is a conflict, not a silent success.
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/access/passes/approve',
        headers: w.adminA,
        payload: { passIds: [p1.id] },
      }),
      409,
      'PASS_NOT_PENDING',
    );
  });

  it('reject needs a reason, shows it to the rider, and the rider may apply again', async () => {
    const r = await newRider();
    const p = (await apply(r.headers, [w.a.community.id])).json().items[0];
    expectError(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/access/passes/${p.id}/reject`,
        headers: w.adminA,
        payload: { reason: '   ' },
      }),
      400,
      'REASON_REQUIRED',
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/access/passes/${p.id}/reject`,
      headers: w.adminA,
      payload: { reason: '站点信息不符' },
    });
    expect(res.json()).toEqual(expect.objectContaining({ status: 'rejected', reason: '站点信息不符' }));
    const again = (await apply(r.headers, [w.a.community.id])).json().items[0];
    expect(again).toEqual(expect.objectContaining({ id: p.id, status: 'pending', reason: null }));
  });

  it('revoke works only on an approved pass and needs a reason', async () => {
    const r = await newRider();
    const p = await applyAndApprove(t.app, r.headers, w.a.community.id, w.adminA);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/access/passes/${p.id}/revoke`,
      headers: w.adminA,
      payload: { reason: '多次违规骑行' },
    });
    expect(res.json()).toEqual(expect.objectContaining({ status: 'revoked', reason: '多次违规骑行' }));
    expectError(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/access/passes/${p.id}/revoke`,
        headers: w.adminA,
        payload: { reason: '再次' },
      }),
      409,
      'PASS_NOT_APPROVED',
    );
  });

  it('an automatic agreement approves on the spot; one request applies to many communities', async () => {
    const { createCommunity } = await import('../../fixtures/factories.js');
    const auto = await createCommunity(t.db, w.a.street.id, '自动小区');
    await createAgreement(t.db, auto.id, { approval: 'auto', endsOn: '2099-12-31' });
    const r = await newRider();
    const res = await apply(r.headers, [auto.id, w.a.community.id]);
    const byCommunity = Object.fromEntries(
      res.json().items.map((p: { communityId: string; status: string }) => [p.communityId, p]),
    );
    expect(byCommunity[auto.id].status).toBe('approved');
    expect(byCommunity[auto.id].expiresAt).toBe('2099-12-31T15:59:59.999Z');
    expect(byCommunity[w.a.community.id].status).toBe('pending');
  });

  it('a community without an agreement for the rider’s platform refuses (409 COMMUNITY_NOT_OPEN), and nothing is applied', async () => {
    const r = await newRider({ platform: 'sf' });
    const res = await apply(r.headers, [w.a.community.id]);
    const body = expectError(res, 409, 'COMMUNITY_NOT_OPEN');
    expect(body.message).toContain(w.a.community.name);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/access/passes', headers: r.headers })).json().items,
    ).toEqual([]);
  });

  it('a station-specific agreement admits only that station; an ended agreement admits nobody', async () => {
    const { createCommunity } = await import('../../fixtures/factories.js');
    const c = await createCommunity(t.db, w.a.street.id, '站点小区');
    await createAgreement(t.db, c.id, { platform: 'eleme', stationName: '饿了么甲站', approval: 'auto' });
    const ended = await createCommunity(t.db, w.a.street.id, '到期小区');
    await createAgreement(t.db, ended.id, {
      platform: 'eleme',
      startsOn: '2020-01-01',
      endsOn: '2021-01-01',
      approval: 'auto',
    });
    const good = await newRider({ platform: 'eleme', stationName: '饿了么甲站' });
    const other = await newRider({ platform: 'eleme', stationName: '饿了么乙站' });
    expect((await apply(good.headers, [c.id])).json().items[0].status).toBe('approved');
    expectError(await apply(other.headers, [c.id]), 409, 'COMMUNITY_NOT_OPEN');
    expectError(await apply(good.headers, [ended.id]), 409, 'COMMUNITY_NOT_OPEN');
    const open = (
      await t.app.inject({ method: 'GET', url: '/api/v1/access/open-communities', headers: good.headers })
    ).json().items;
    expect(open.map((o: { id: string }) => o.id)).toContain(c.id);
    expect(open.map((o: { id: string }) => o.id)).not.toContain(ended.id);
  });

  it('applying to an unknown community answers 404; a malformed list answers 400', async () => {
    const r = await newRider();
    expectError(await apply(r.headers, ['00000000-0000-4000-8000-000000000000']), 404, 'NOT_FOUND');
    expectError(await apply(r.headers, []), 400, 'VALIDATION_FAILED');
    expectError(
      await apply(
        r.headers,
        Array.from({ length: 21 }, () => w.a.community.id),
      ),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('a rider cannot use the admin routes (403 FORBIDDEN)', async () => {
    expectError(
      await t.app.inject({ method: 'GET', url: '/api/v1/access/review', headers: w.riderAuth }),
      403,
      'FORBIDDEN',
    );
  });
});
