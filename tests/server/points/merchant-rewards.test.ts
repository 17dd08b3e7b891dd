import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { auditLog, vouchers } from '../../../server/src/db/schema/index.js';
import { reconcile } from '../../../server/src/points/index.js';
import { expectError } from '../../support/http.js';
import { createStreet, createUser, createMerchant } from '../../fixtures/factories.js';
import { newKey, pointsApp, type TestUser as User } from '../../fixtures/points.js';

describe('a merchant manages its own rewards within the district limits', () => {
  const h = pointsApp();
  const { call, newRider, availableOf } = h;
  const body = (overrides: Record<string, unknown> = {}) => ({
    title: '洗剪吹',
    pricePoints: 20,
    stockPerPeriod: 10,
    voucherValidDays: 7,
    ...overrides,
  });
  const create = (user: User, overrides: Record<string, unknown> = {}) =>
    call(user, 'POST', '/points/merchant/rewards', body(overrides));
  const patch = (user: User, id: string, changes: Record<string, unknown>) =>
    call(user, 'PATCH', `/points/merchant/rewards/${id}`, changes);
  const setLimits = (user: User, limits: Record<string, unknown>) =>
    call(user, 'PUT', '/points/admin/reward-limits', limits);
  const noLimits = { minPricePoints: null, maxPricePoints: null, maxStockPerPeriod: null };
  const auditOf = (rewardId: string) =>
    h.t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetKind, 'reward'), eq(auditLog.targetId, rewardId)));

  afterEach(async () => {
    await setLimits(h.s.districtAdmin, noLimits);
  });

  it('creates a reward for its own shop (no shop named), edits and pauses it; each write audited', async () => {
    const merchant = h.s.a.merchantUser;
    const res = await create(merchant, { hours: '09:00-21:00', period: 'week' });
    expect(res.statusCode).toBe(201);
    const reward = res.json();
    expect(reward).toMatchObject({
      merchantId: h.s.a.merchant.id,
      title: '洗剪吹',
      pricePoints: 20,
      stockPerPeriod: 10,
      period: 'week',
      active: true,
      settlementFen: null,
      stockLeft: 10,
    });

    const edited = await patch(merchant, reward.id, { pricePoints: 25, stockPerPeriod: 4, title: '洗剪吹（男士）' });
    expect(edited.json()).toMatchObject({ pricePoints: 25, stockPerPeriod: 4, title: '洗剪吹（男士）', stockLeft: 4 });
    expect((await patch(merchant, reward.id, { active: false })).json()).toMatchObject({ active: false });

    // A paused reward leaves the riders' catalog, and shows in the shop's own list.
    const rider = await newRider(100);
    const catalog = (await call(rider, 'GET', '/points/rewards')).json().items;
    expect(catalog.find((r: { id: string }) => r.id === reward.id)).toBeUndefined();
    const own = (await call(merchant, 'GET', '/points/merchant/rewards')).json();
    expect(own.merchants).toEqual([{ id: h.s.a.merchant.id, name: 'A理发' }]);
    expect(own.items.find((r: { id: string }) => r.id === reward.id)).toMatchObject({ active: false });
    expect(own.limits).toEqual([expect.objectContaining({ districtId: h.s.district.id, minPricePoints: null })]);
    expect((await patch(merchant, reward.id, { active: true })).json()).toMatchObject({ active: true });

    const rows = await auditOf(reward.id);
    expect(rows.map((r) => r.action).sort()).toEqual([
      'reward.create',
      'reward.pause',
      'reward.resume',
      'reward.update',
    ]);
    const update = rows.find((r) => r.action === 'reward.update')!;
    expect(update).toMatchObject({ actorId: merchant.id, actorRole: 'merchant', merchantId: h.s.a.merchant.id });
    expect(update.before).toMatchObject({ pricePoints: 20, stockPerPeriod: 10 });
    expect(update.after).toMatchObject({ pricePoints: 25, stockPerPeriod: 4 });
    expect(update.districtId).toBe(h.s.district.id);
  });

  it('refuses a price or stock outside the district limits with the field named in Chinese, writing nothing', async () => {
    const limits = await setLimits(h.s.districtAdmin, { minPricePoints: 5, maxPricePoints: 50, maxStockPerPeriod: 30 });
    expect(limits.json()).toMatchObject({ districtId: h.s.district.id, minPricePoints: 5, maxStockPerPeriod: 30 });
    const merchant = h.s.a.merchantUser;
    const before = (await call(merchant, 'GET', '/points/merchant/rewards')).json().items.length;

    const low = expectError(await create(merchant, { pricePoints: 4 }), 400, 'PRICE_INVALID');
    expect(low).toMatchObject({ field: 'pricePoints' });
    expect(low.message).toContain('积分价格');
    expect(low.message).toContain('5 到 50 分');
    const high = expectError(await create(merchant, { pricePoints: 51 }), 400, 'PRICE_INVALID');
    expect(high.field).toBe('pricePoints');
    const stock = expectError(await create(merchant, { stockPerPeriod: 31 }), 400, 'STOCK_INVALID');
    expect(stock).toMatchObject({ field: 'stockPerPeriod' });
    expect(stock.message).toContain('每期名额');
    expect(stock.message).toContain('30');
    expect((await call(merchant, 'GET', '/points/merchant/rewards')).json().items.length).toBe(before);

    // At the bounds is fine; a patch outside is refused and changes nothing.
    const ok = (await create(merchant, { pricePoints: 50, stockPerPeriod: 30 })).json();
    expectError(await patch(merchant, ok.id, { pricePoints: 60, title: '改名' }), 400, 'PRICE_INVALID');
    expect((await call(merchant, 'GET', '/points/merchant/rewards')).json().items).toContainEqual(
      expect.objectContaining({ id: ok.id, pricePoints: 50, title: '洗剪吹' }),
    );
    expect((await auditOf(ok.id)).map((r) => r.action)).toEqual(['reward.create']);

    // The district's own staff are not bound by the shop limits.
    const staff = await call(h.s.a.streetOperator, 'POST', '/points/admin/rewards', {
      ...body({ pricePoints: 80 }),
      merchantId: h.s.a.merchant.id,
    });
    expect(staff.statusCode).toBe(201);

    // Another district's limits do not apply here.
    await setLimits(h.s.otherDistrictAdmin, { minPricePoints: 1, maxPricePoints: 2, maxStockPerPeriod: 1 });
    await setLimits(h.s.districtAdmin, noLimits);
    expect((await create(merchant, { pricePoints: 99, stockPerPeriod: 99 })).statusCode).toBe(201);
    expectError(await create(h.s.b.merchantUser, { pricePoints: 3 }), 400, 'PRICE_INVALID');
    await setLimits(h.s.otherDistrictAdmin, noLimits);
  });

  it('the district limits: district admin only, sane numbers, audited', async () => {
    for (const user of [h.s.a.streetOperator, h.s.a.merchantUser, h.s.rider])
      expectError(await setLimits(user, noLimits), 403, 'FORBIDDEN');
    expectError(
      await setLimits(h.s.districtAdmin, { ...noLimits, districtId: h.s.otherDistrict.id }),
      403,
      'OUT_OF_SCOPE',
    );
    const cases: [Record<string, unknown>, string, string][] = [
      [{ minPricePoints: 0 }, 'PRICE_INVALID', 'minPricePoints'],
      [{ maxPricePoints: 1.5 }, 'PRICE_INVALID', 'maxPricePoints'],
      [{ maxStockPerPeriod: -1 }, 'STOCK_INVALID', 'maxStockPerPeriod'],
      [{ minPricePoints: 10, maxPricePoints: 5 }, 'PRICE_INVALID', 'minPricePoints'],
    ];
    for (const [overrides, code, field] of cases) {
      const err = expectError(await setLimits(h.s.districtAdmin, { ...noLimits, ...overrides }), 400, code);
      expect(err.field).toBe(field);
    }
    expect((await call(h.s.districtAdmin, 'GET', '/points/admin/reward-limits')).json()).toMatchObject({
      districtName: '甲区',
      minPricePoints: null,
    });
    await setLimits(h.s.districtAdmin, { minPricePoints: 2, maxPricePoints: null, maxStockPerPeriod: 9 });
    const rows = await h.t.db.select().from(auditLog).where(eq(auditLog.action, 'reward_limits.update'));
    expect(rows.at(-1)).toMatchObject({
      actorId: h.s.districtAdmin.id,
      districtId: h.s.district.id,
      after: expect.objectContaining({ minPricePoints: 2, maxStockPerPeriod: 9 }),
    });
  });

  it('scope: another shop is 403 OUT_OF_SCOPE; staff and riders cannot use the merchant routes', async () => {
    const merchant = h.s.a.merchantUser;
    expectError(await create(merchant, { merchantId: h.s.b.merchant.id }), 403, 'OUT_OF_SCOPE');
    const theirs = (await create(h.s.b.merchantUser)).json();
    expectError(await patch(merchant, theirs.id, { pricePoints: 1 }), 403, 'OUT_OF_SCOPE');
    expectError(await patch(merchant, theirs.id, { active: false }), 403, 'OUT_OF_SCOPE');
    expectError(await patch(merchant, randomUUID(), { active: false }), 404, 'NOT_FOUND');
    // A merchant of a second shop in the same street is still another shop.
    const neighbour = await createMerchant(h.t.db, h.s.a.street.id, 'A洗衣');
    expectError(await create(merchant, { merchantId: neighbour.id }), 403, 'OUT_OF_SCOPE');
    // The shop never sets what the street pays it back, nor switches shop.
    expectError(await create(merchant, { settlementFen: 100 }), 400, 'VALIDATION_FAILED');
    expectError(await patch(merchant, theirs.id, { merchantId: h.s.a.merchant.id }), 400, 'VALIDATION_FAILED');
    for (const user of [h.s.a.streetOperator, h.s.districtAdmin, h.s.rider, h.s.a.communityAdmin]) {
      expectError(await create(user, { merchantId: h.s.a.merchant.id }), 403, 'FORBIDDEN');
      expectError(await call(user, 'GET', '/points/merchant/rewards'), 403, 'FORBIDDEN');
    }
    // The merchant's own catalog holds its shop only.
    const own = (await call(merchant, 'GET', '/points/merchant/rewards')).json();
    expect(own.items.every((r: { merchantId: string }) => r.merchantId === h.s.a.merchant.id)).toBe(true);
    // Street staff keep their powers over the shop's rewards, settlement value included.
    const mine = (await create(merchant)).json();
    const staffPatch = await call(h.s.a.streetOperator, 'PATCH', `/points/admin/rewards/${mine.id}`, {
      settlementFen: 1500,
      active: false,
    });
    expect(staffPatch.json()).toMatchObject({ settlementFen: 1500, active: false });
    const other = await createStreet(h.t.db, h.s.district.id, 'A2街道');
    const otherOperator = await createUser(h.t.db, 'street_operator', [{ kind: 'street', refId: other.id }]);
    expectError(
      await call(otherOperator, 'PATCH', `/points/admin/rewards/${mine.id}`, { settlementFen: 1 }),
      403,
      'OUT_OF_SCOPE',
    );
    const badFen = await call(h.s.districtAdmin, 'PATCH', `/points/admin/rewards/${mine.id}`, { settlementFen: -1 });
    expect(expectError(badFen, 400, 'AMOUNT_INVALID').field).toBe('settlementFen');
  });

  it('bad numbers from a merchant are refused like the staff page refuses them', async () => {
    const merchant = h.s.a.merchantUser;
    expect(expectError(await create(merchant, { pricePoints: 0 }), 400, 'PRICE_INVALID').field).toBe('pricePoints');
    expect(expectError(await create(merchant, { stockPerPeriod: 0 }), 400, 'STOCK_INVALID').field).toBe(
      'stockPerPeriod',
    );
    expect(expectError(await create(merchant, { title: ' ' }), 400, 'TITLE_REQUIRED').field).toBe('title');
    const reward = (await create(merchant)).json();
    expectError(await patch(merchant, reward.id, {}), 400, 'NOTHING_TO_UPDATE');
  });

  it('two riders redeem the last unit at once: one wins, no points lost or doubled', async () => {
    const merchant = h.s.a.merchantUser;
    const reward = (await create(merchant, { pricePoints: 10, stockPerPeriod: 2 })).json();
    const first = await newRider(30);
    expect(
      (await call(first, 'POST', '/points/redeem', { rewardId: reward.id, idempotencyKey: newKey() })).statusCode,
    ).toBe(201);
    const riders = [await newRider(30), await newRider(30)];
    const results = await Promise.all(
      riders.map((r) => call(r, 'POST', '/points/redeem', { rewardId: reward.id, idempotencyKey: newKey() })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expectError(
      results.find((r) => r.statusCode === 409)!,
      409,
      'REWARD_OUT_OF_STOCK',
    );
    const balances = await Promise.all(riders.map((r) => availableOf(r)));
    expect(balances.sort()).toEqual([20, 30]);
    const winner = riders[results.findIndex((r) => r.statusCode === 201)]!;
    const held = await h.t.db.select().from(vouchers).where(eq(vouchers.riderId, winner.id));
    expect(held).toHaveLength(1);
    // The merchant lowering the stock below what is taken keeps the units of open vouchers.
    expect((await patch(merchant, reward.id, { stockPerPeriod: 1 })).json()).toMatchObject({ stockLeft: 0 });
    expect((await reconcile(h.t.db)).ok).toBe(true);
  });
});
