import { expirePoints } from '../../../server/src/points/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createTwoScopes, createUser } from '../../fixtures/factories.js';
import { createReward, newKey, pointsContext, type Scopes, type TestUser as User } from '../../fixtures/points.js';

// One rider earns in two districts and spends in both. Points last 60 days here. Lots, oldest first:
//   L1 A 20 (10-05)  L2 A 10 (10-06)  L3 B 20 (10-10)  L4 A 10 (10-20, reversed 11-01)  L5 A 8 (10-25)
// 11-03 a 10-point voucher at A's shop takes 10 of L1; 11-04 a 25-point voucher at B's shop takes the
// other 10 of L1, all of L2 and 5 of L3. On 12-25 expiry takes what is left: 15 of L3 and 8 of L5.
// So A issued 48: 30 redeemed, 10 reversed, 8 expired; B issued 20: 5 redeemed, 15 expired.
// A second rider earns 6 in A on 12-10 and deletes the account on 12-12: 6 forfeited.
const at = (iso: string) => new Date(iso);
const noonOf = (day: string) => at(`${day}T04:00:00Z`); // 12:00 in Beijing

describe('积分数据看板 points dashboard', () => {
  let t: TestContext;
  let s: Scopes;
  let rider: User;
  let clock = noonOf('2026-10-05');

  const call = (user: User, url: string, method: 'GET' | 'POST' = 'GET', payload?: Record<string, unknown>) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: bearer(accessTokenFor(t.app, user)),
      ...(payload ? { payload } : {}),
    });
  const board = (user: User, query: string) => call(user, `/dashboards/points?${query}`);
  const WHOLE = 'period=custom&from=2026-10-01&to=2026-12-25';

  async function grant(day: string, granter: User, streetId: string, amount: number, to = rider): Promise<string> {
    clock = noonOf(day);
    const res = await call(granter, '/points/grants', 'POST', {
      riderId: to.id,
      streetId,
      rule: 'volunteer_service',
      amount,
      note: '社区志愿服务',
      idempotencyKey: newKey(),
    });
    expect(res.statusCode).toBe(201);
    return res.json().transferId;
  }

  async function redeemAt(day: string, rewardId: string, shop: User) {
    clock = noonOf(day);
    const voucher = await call(rider, '/points/redeem', 'POST', { rewardId, idempotencyKey: newKey() });
    expect(voucher.statusCode).toBe(201);
    const confirmed = await call(shop, '/points/merchant/vouchers/confirm', 'POST', { code: voucher.json().shortCode });
    expect(confirmed.statusCode).toBe(200);
  }

  beforeAll(async () => {
    t = await buildTestApp({ POINTS_EXPIRY_DAYS: '60' }, { now: () => clock });
    s = await createTwoScopes(t.db);
    rider = await createUser(t.db, 'rider', [], '王师傅');
    const haircut = await createReward(t.db, s.a.merchant.id, { title: '理发', pricePoints: 10, settlementFen: 1500 });
    const washing = await createReward(t.db, s.b.merchant.id, { title: '洗衣', pricePoints: 25 });
    await grant('2026-10-05', s.a.streetOperator, s.a.street.id, 20);
    await grant('2026-10-06', s.a.streetOperator, s.a.street.id, 10);
    await grant('2026-10-10', s.b.streetOperator, s.b.street.id, 20);
    const l4 = await grant('2026-10-20', s.a.streetOperator, s.a.street.id, 10);
    await grant('2026-10-25', s.a.streetOperator, s.a.street.id, 8);
    clock = noonOf('2026-11-01');
    const reversed = await call(s.districtAdmin, `/points/transfers/${l4}/reverse`, 'POST', { note: '重复发放' });
    expect(reversed.statusCode).toBe(201);
    await redeemAt('2026-11-03', haircut.id, s.a.merchantUser);
    await redeemAt('2026-11-04', washing.id, s.b.merchantUser);
    const leaver = await createUser(t.db, 'rider', [], '李师傅');
    await grant('2026-12-10', s.a.streetOperator, s.a.street.id, 6, leaver);
    clock = noonOf('2026-12-12');
    expect((await call(leaver, '/privacy/account/delete', 'POST', { confirm: '注销' })).statusCode).toBe(200);
    clock = noonOf('2026-12-25');
    expect(await expirePoints(pointsContext(t.db, clock))).toMatchObject({ points: 23 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('follows the district’s points month by month: issued, redeemed oldest first, reversed, expired, forfeited', async () => {
    const res = await board(s.districtAdmin, WHOLE);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.scope).toEqual({ kind: 'district', id: s.district.id, name: '甲区' });
    const none = { forfeited: 0, shopVouchers: 0, shopPoints: 0 };
    expect(d.monthly).toEqual([
      { month: '2026-10', ...none, issued: 48, redeemed: 0, expired: 0, reversed: 0, outstandingEnd: 48 },
      {
        month: '2026-11',
        ...none,
        issued: 0,
        redeemed: 30,
        expired: 0,
        reversed: 10,
        outstandingEnd: 8,
        shopVouchers: 1,
        shopPoints: 10,
      },
      { month: '2026-12', ...none, issued: 6, redeemed: 0, expired: 8, reversed: 0, forfeited: 6, outstandingEnd: 0 },
    ]);
    expect(d.totals).toEqual({
      issued: 54,
      redeemed: 30,
      expired: 8,
      reversed: 10,
      forfeited: 6,
      shopVouchers: 1,
      shopPoints: 10,
      outstanding: 0,
      ridersHolding: 0,
    });
    expect(d.byRule).toEqual([{ rule: 'volunteer_service', label: '志愿服务', issued: 54 }]);
    expect(d.shops).toEqual([
      {
        merchantId: s.a.merchant.id,
        name: 'A理发',
        streetName: 'A街道',
        vouchers: 1,
        points: 10,
        settlementFen: 1500,
        unpriced: 0,
      },
    ]);
  });

  it('the other district sees only its own: its points went to A’s rider’s voucher and to expiry', async () => {
    const d = (await board(s.otherDistrictAdmin, WHOLE)).json();
    expect(d.totals).toMatchObject({ issued: 20, redeemed: 5, expired: 15, reversed: 0, outstanding: 0 });
    expect(d.shops).toEqual([expect.objectContaining({ name: 'B理发', vouchers: 1, points: 25, unpriced: 1 })]);
  });

  it('opens a later period with the balance carried in, and counts who still holds points', async () => {
    const d = (await board(s.districtAdmin, 'period=custom&from=2026-11-01&to=2026-11-30')).json();
    expect(d.monthly).toEqual([expect.objectContaining({ month: '2026-11', issued: 0, outstandingEnd: 8 })]);
    expect(d.totals).toMatchObject({ issued: 0, redeemed: 30, reversed: 10, outstanding: 8, ridersHolding: 1 });
    // A period of days only: one month row, the figures of those days.
    const today = (await board(s.districtAdmin, 'period=today')).json();
    expect(today.monthly).toEqual([expect.objectContaining({ month: '2026-12', expired: 8, outstandingEnd: 0 })]);
  });

  it('a street operator sees its street; others are refused', async () => {
    const street = (await board(s.a.streetOperator, WHOLE)).json();
    expect(street.scope).toEqual({ kind: 'street', id: s.a.street.id, name: 'A街道' });
    expect(street.totals).toMatchObject({ issued: 54, redeemed: 30, forfeited: 6, shopVouchers: 1 });
    expectError(await board(s.a.streetOperator, `streetId=${s.b.street.id}`), 403, 'OUT_OF_SCOPE');
    expectError(await board(s.otherDistrictAdmin, `streetId=${s.a.street.id}`), 403, 'OUT_OF_SCOPE');
    expect((await board(rider, WHOLE)).statusCode).toBe(403);
    expect((await board(s.a.merchantUser, WHOLE)).statusCode).toBe(403);
    const bad = expectError(
      await board(s.districtAdmin, 'period=custom&from=2026-12-01'),
      400,
      'DASHBOARD_PERIOD_INVALID',
    );
    expect(bad.field).toBe('to');
  });

  it('exports each table as CSV', async () => {
    const csv = (table: string) => call(s.districtAdmin, `/dashboards/points.csv?${WHOLE}&table=${table}`);
    const months = await csv('months');
    expect(months.headers['content-type']).toMatch(/^text\/csv/);
    expect(months.headers['content-disposition']).toBe('attachment; filename="points-months.csv"');
    const lines = months.body.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe(
      '"月份","发放","已兑换","已过期","冲正","注销清零","月末未使用","本辖区商户核销（张）","本辖区商户核销（分）"',
    );
    expect(lines[2]).toBe('"2026-11","0","30","0","10","0","8","1","10"');
    expect((await csv('rules')).body).toContain('"志愿服务","54"');
    expect((await csv('shops')).body).toContain('"A理发","A街道","1","10","15.00","0"');
    expectError(await csv('nope'), 400, 'VALIDATION_FAILED');
  });
});
