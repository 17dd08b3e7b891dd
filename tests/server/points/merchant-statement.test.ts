import { eq } from 'drizzle-orm';
import { users } from '../../../server/src/db/schema/index.js';
import { reconcile } from '../../../server/src/points/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import {
  accessTokenFor,
  bearer,
  createMerchant,
  createStreet,
  createTwoScopes,
  createUser,
} from '../../fixtures/factories.js';
import { createReward, fundRider, newKey, type Scopes, type TestUser as User } from '../../fixtures/points.js';

// Beijing is UTC+8: 2026-11-30 23:59 in Beijing is 15:59 UTC, 2026-12-01 00:01 is 16:01 UTC — the
// same UTC day, two Beijing days and two Beijing months.
const at = (iso: string) => new Date(iso);

describe('a shop’s redemptions by day and month, and the statement', () => {
  let t: TestContext;
  let s: Scopes;
  let clock = at('2026-11-30T15:59:00Z');
  let rider: User;
  let haircut: { id: string };
  let washing: { id: string };

  const call = (user: User, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: bearer(accessTokenFor(t.app, user)),
      ...(payload ? { payload } : {}),
    });

  /** The rider redeems and the shop confirms, both at `when` (Beijing dates follow from it). */
  async function redeemAndConfirm(rewardId: string, when: string, merchant: User = s.a.merchantUser) {
    clock = at(when);
    const voucher = await call(rider, 'POST', '/points/redeem', { rewardId, idempotencyKey: newKey() });
    expect(voucher.statusCode).toBe(201);
    const code = voucher.json().shortCode as string;
    const confirmed = await call(merchant, 'POST', '/points/merchant/vouchers/confirm', { code });
    expect(confirmed.statusCode).toBe(200);
    return code.replace(' ', '');
  }

  const codes: string[] = [];

  beforeAll(async () => {
    t = await buildTestApp({}, { now: () => clock });
    s = await createTwoScopes(t.db);
    rider = await createUser(t.db, 'rider', [], '王师傅');
    await fundRider(t.db, rider.id, 500);
    haircut = await createReward(t.db, s.a.merchant.id, { title: '理发', pricePoints: 10, settlementFen: 1500 });
    // A title a spreadsheet would run as a formula, and no settlement value agreed.
    washing = await createReward(t.db, s.a.merchant.id, { title: '=HYPERLINK("x")洗衣', pricePoints: 7 });
    codes.push(await redeemAndConfirm(haircut.id, '2026-11-30T15:59:00Z')); // Beijing 11-30 23:59
    codes.push(await redeemAndConfirm(haircut.id, '2026-11-30T16:01:00Z')); // Beijing 12-01 00:01
    codes.push(await redeemAndConfirm(washing.id, '2026-12-01T03:00:00Z')); // Beijing 12-01 11:00
    codes.push(await redeemAndConfirm(haircut.id, '2026-12-02T15:30:00Z')); // Beijing 12-02 23:30
    // A voucher issued and not confirmed counts nowhere; nor does another shop's.
    clock = at('2026-12-02T16:30:00Z'); // Beijing 12-03 00:30
    await call(rider, 'POST', '/points/redeem', { rewardId: haircut.id, idempotencyKey: newKey() });
    const other = await createReward(t.db, s.b.merchant.id, { title: '乙店理发', pricePoints: 5 });
    await redeemAndConfirm(other.id, '2026-12-02T10:00:00Z', s.b.merchantUser);
    clock = at('2026-12-02T16:30:00Z');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('per day of a month, across the Beijing midnight, with today and the money owed', async () => {
    const dec = (await call(s.a.merchantUser, 'GET', '/points/merchant/redemptions/daily')).json();
    expect(dec).toMatchObject({
      merchantId: s.a.merchant.id,
      merchantName: 'A理发',
      month: '2026-12',
      // "Today" is Beijing 12-03: nothing confirmed yet.
      today: { count: 0, points: 0, settlementFen: 0, unpriced: 0 },
      total: { count: 3, points: 27, settlementFen: 3000, unpriced: 1 },
    });
    expect(dec.days.map((d: { period: string; count: number }) => [d.period, d.count])).toEqual([
      ['2026-12-02', 1],
      ['2026-12-01', 2],
    ]);
    const dec1 = dec.days[1];
    expect(dec1).toMatchObject({ points: 17, settlementFen: 1500, unpriced: 1 });
    expect(dec1.rewards).toEqual([
      expect.objectContaining({ rewardId: washing.id, count: 1, points: 7, settlementFen: 0, unpriced: 1 }),
      expect.objectContaining({ rewardId: haircut.id, title: '理发', count: 1, points: 10, settlementFen: 1500 }),
    ]);

    const nov = (await call(s.a.merchantUser, 'GET', '/points/merchant/redemptions/daily?month=2026-11')).json();
    expect(nov.total).toMatchObject({ count: 1, points: 10 });
    expect(nov.days.map((d: { period: string }) => d.period)).toEqual(['2026-11-30']);

    // Today, seen at Beijing 12-01 12:00: the two of 12-01, not the one of 11-30 (same UTC day).
    clock = at('2026-12-01T04:00:00Z');
    const today = (await call(s.a.merchantUser, 'GET', '/points/merchant/redemptions/daily')).json();
    expect(today.today).toMatchObject({ count: 2, points: 17 });
    clock = at('2026-12-02T16:30:00Z');
  });

  it('per month of a year', async () => {
    const year = (await call(s.a.merchantUser, 'GET', '/points/merchant/redemptions/monthly?year=2026')).json();
    expect(year).toMatchObject({ year: '2026', total: { count: 4, points: 37, settlementFen: 4500, unpriced: 1 } });
    expect(
      year.months.map((m: { period: string; count: number; points: number }) => [m.period, m.count, m.points]),
    ).toEqual([
      ['2026-12', 3, 27],
      ['2026-11', 1, 10],
    ]);
    const empty = (await call(s.a.merchantUser, 'GET', '/points/merchant/redemptions/monthly?year=2025')).json();
    expect(empty).toMatchObject({ months: [], total: { count: 0 } });
    expectError(
      await call(s.a.merchantUser, 'GET', '/points/merchant/redemptions/monthly?year=26'),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call(s.a.merchantUser, 'GET', '/points/merchant/redemptions/daily?month=2026-13'),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('the statement CSV: a line per confirmed voucher in Beijing time, totals, masking, no formulas', async () => {
    const res = await call(s.a.merchantUser, 'GET', '/points/merchant/statement.csv?month=2026-12');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('statement-2026-12.csv');
    expect(res.body.startsWith('\ufeff')).toBe(true);
    const lines = res.body.slice(1).trimEnd().split('\r\n');
    expect(lines).toEqual([
      '"核销时间（北京时间）","奖励","积分","结算金额（元）","兑换券","骑手"',
      `"2026-12-01 00:01:00","理发","10","15.00","${codes[1]!.slice(0, 2)}****${codes[1]!.slice(-2)}","王**"`,
      `"2026-12-01 11:00:00","'=HYPERLINK(""x"")洗衣","7","","${codes[2]!.slice(0, 2)}****${codes[2]!.slice(-2)}","王**"`,
      `"2026-12-02 23:30:00","理发","10","15.00","${codes[3]!.slice(0, 2)}****${codes[3]!.slice(-2)}","王**"`,
      '"合计 3 笔","","27","30.00","",""',
      '"2026-12 A理发 街道应付商户（元）","","","30.00","",""',
      '"其中 1 笔的奖励未定结算金额，未计入应付","","","","",""',
    ]);
    for (const code of codes) expect(res.body).not.toContain(code);
    expect(res.body).not.toContain('王师傅');
    // Every cell that starts with = + - @ gets an apostrophe, wherever it sits.
    for (const line of lines)
      for (const cell of line.split('","')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);

    const nov = await call(s.a.merchantUser, 'GET', '/points/merchant/statement.csv?month=2026-11');
    expect(nov.body).toContain('"2026-11-30 23:59:00","理发"');
    expect(nov.body).toContain('"合计 1 笔","","10","15.00"');
  });

  it('a rider’s phone never appears, even as its display name', async () => {
    await t.db.update(users).set({ displayName: '13812345678' }).where(eq(users.id, rider.id));
    const res = await call(s.a.merchantUser, 'GET', '/points/merchant/statement.csv?month=2026-12');
    expect(res.body).not.toMatch(/\d{11}/);
    expect(res.body).toContain('"1**"');
    await t.db.update(users).set({ displayName: '王师傅' }).where(eq(users.id, rider.id));
  });

  it('scope: the merchant its shop; street operator and district admin any shop in scope; nobody else', async () => {
    const q = (merchantId?: string) => `?month=2026-12${merchantId ? `&merchantId=${merchantId}` : ''}`;
    const paths = ['/points/merchant/redemptions/daily', '/points/merchant/statement.csv'];
    const otherStreet = await createStreet(t.db, s.district.id, 'A2街道');
    const otherOperator = await createUser(t.db, 'street_operator', [{ kind: 'street', refId: otherStreet.id }]);
    const neighbour = await createMerchant(t.db, s.a.street.id, 'A洗衣');
    for (const path of paths) {
      expect((await call(s.a.merchantUser, 'GET', path + q())).statusCode).toBe(200);
      expect((await call(s.a.merchantUser, 'GET', path + q(s.a.merchant.id))).statusCode).toBe(200);
      expectError(await call(s.a.merchantUser, 'GET', path + q(s.b.merchant.id)), 403, 'OUT_OF_SCOPE');
      expectError(await call(s.a.merchantUser, 'GET', path + q(neighbour.id)), 403, 'OUT_OF_SCOPE');
      expect((await call(s.a.streetOperator, 'GET', path + q(s.a.merchant.id))).statusCode).toBe(200);
      expect((await call(s.districtAdmin, 'GET', path + q(s.a.merchant.id))).statusCode).toBe(200);
      expectError(await call(otherOperator, 'GET', path + q(s.a.merchant.id)), 403, 'OUT_OF_SCOPE');
      expectError(await call(s.b.streetOperator, 'GET', path + q(s.a.merchant.id)), 403, 'OUT_OF_SCOPE');
      expectError(await call(s.otherDistrictAdmin, 'GET', path + q(s.a.merchant.id)), 403, 'OUT_OF_SCOPE');
      // Staff must name the shop.
      expect(expectError(await call(s.districtAdmin, 'GET', path + q()), 400, 'VALIDATION_FAILED').field).toBe(
        'merchantId',
      );
      for (const user of [rider, s.a.communityAdmin])
        expectError(await call(user, 'GET', path + q()), 403, 'FORBIDDEN');
    }
    // Staff see the same figures as the shop.
    const byStaff = (
      await call(s.a.streetOperator, 'GET', `/points/merchant/redemptions/daily${q(s.a.merchant.id)}`)
    ).json();
    expect(byStaff.total).toMatchObject({ count: 3, points: 27 });
    const csv = await call(s.districtAdmin, 'GET', `/points/merchant/statement.csv${q(s.a.merchant.id)}`);
    expect(csv.body).toContain('"合计 3 笔","","27","30.00"');
    expect((await reconcile(t.db)).ok).toBe(true);
  });
});
