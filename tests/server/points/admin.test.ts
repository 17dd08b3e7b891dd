import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../server/src/db/client.js';
import { rewardStock } from '../../../server/src/db/schema/index.js';
import { creditForReport, reconcile } from '../../../server/src/points/index.js';
import { expectError } from '../../support/http.js';
import { createUser } from '../../fixtures/factories.js';
import { newKey, pointsApp, type TestUser as User } from '../../fixtures/points.js';

describe('catalog and earning rules administration', () => {
  const h = pointsApp();
  const { call, summary, newRider } = h;
  const body = (overrides: Record<string, unknown> = {}) => ({
    merchantId: h.s.a.merchant.id,
    title: '理发',
    pricePoints: 10,
    stockPerPeriod: 5,
    perRiderMonthlyLimit: 2,
    voucherValidDays: 7,
    ...overrides,
  });
  const create = (user: User, overrides: Record<string, unknown> = {}) =>
    call(user, 'POST', '/points/admin/rewards', body(overrides));
  const patch = (user: User, id: string, changes: Record<string, unknown>) =>
    call(user, 'PATCH', `/points/admin/rewards/${id}`, changes);
  const redeem = (rider: User, rewardId: string) =>
    call(rider, 'POST', '/points/redeem', { rewardId, idempotencyKey: newKey() });

  it('a street operator creates a reward for a shop of its street; riders see it in the catalog', async () => {
    const res = await create(h.s.a.streetOperator, { title: ' 洗衣 ', hours: '09:00-21:00', description: '单件' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      title: '洗衣',
      merchantName: 'A理发',
      pricePoints: 10,
      stockPerPeriod: 5,
      period: 'month',
      perRiderMonthlyLimit: 2,
      voucherValidDays: 7,
      active: true,
      stockLeft: 5,
      openVouchers: 0,
    });
    const rider = await newRider(0);
    const catalog = (await call(rider, 'GET', '/points/rewards')).json().items;
    expect(catalog.find((r: { id: string }) => r.id === res.json().id)).toMatchObject({ title: '洗衣', shortBy: 10 });
  });

  it('scope: district admin for its district, street operator for its street only; nobody else', async () => {
    expect((await create(h.s.districtAdmin)).statusCode).toBe(201);
    expectError(await create(h.s.a.streetOperator, { merchantId: h.s.b.merchant.id }), 403, 'OUT_OF_SCOPE');
    expectError(await create(h.s.otherDistrictAdmin), 403, 'OUT_OF_SCOPE');
    for (const user of [h.s.a.merchantUser, h.s.a.communityAdmin, h.s.rider]) {
      expectError(await create(user), 403, 'FORBIDDEN');
      expectError(await call(user, 'GET', '/points/admin/rewards'), 403, 'FORBIDDEN');
    }
    expectError(await create(h.s.districtAdmin, { merchantId: randomUUID() }), 404, 'NOT_FOUND');
    const own = (await create(h.s.a.streetOperator)).json();
    expectError(await patch(h.s.b.streetOperator, own.id, { pricePoints: 1 }), 403, 'OUT_OF_SCOPE');
    expectError(await patch(h.s.otherDistrictAdmin, own.id, { pricePoints: 1 }), 403, 'OUT_OF_SCOPE');
    expect((await patch(h.s.districtAdmin, own.id, { pricePoints: 12 })).json()).toMatchObject({ pricePoints: 12 });

    // Lists: each sees only the shops (and their rewards) it manages.
    const listA = (await call(h.s.a.streetOperator, 'GET', '/points/admin/rewards')).json();
    expect(listA.merchants.map((m: { id: string }) => m.id)).toEqual([h.s.a.merchant.id]);
    expect(listA.items.every((r: { merchantId: string }) => r.merchantId === h.s.a.merchant.id)).toBe(true);
    expect(listA.items.length).toBeGreaterThan(0);
    const listB = (await call(h.s.otherDistrictAdmin, 'GET', '/points/admin/rewards')).json();
    expect(listB.merchants.map((m: { id: string }) => m.id)).toEqual([h.s.b.merchant.id]);
    expect(listB.items).toEqual([]);
  });

  it('bad numbers are refused with a precise 4xx code, nothing written', async () => {
    const before = (await call(h.s.districtAdmin, 'GET', '/points/admin/rewards')).json().items.length;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ pricePoints: -5 }, 'PRICE_INVALID', 'pricePoints'],
      [{ pricePoints: 0 }, 'PRICE_INVALID', 'pricePoints'],
      [{ pricePoints: 2.5 }, 'PRICE_INVALID', 'pricePoints'],
      [{ pricePoints: 100_001 }, 'PRICE_INVALID', 'pricePoints'],
      [{ stockPerPeriod: 0 }, 'STOCK_INVALID', 'stockPerPeriod'],
      [{ stockPerPeriod: 1.5 }, 'STOCK_INVALID', 'stockPerPeriod'],
      [{ perRiderMonthlyLimit: 0 }, 'LIMIT_INVALID', 'perRiderMonthlyLimit'],
      [{ voucherValidDays: 0 }, 'VALID_DAYS_INVALID', 'voucherValidDays'],
      [{ voucherValidDays: 91 }, 'VALID_DAYS_INVALID', 'voucherValidDays'],
      [{ title: '   ' }, 'TITLE_REQUIRED', 'title'],
    ];
    for (const [overrides, code, field] of cases) {
      expect(expectError(await create(h.s.districtAdmin, overrides), 400, code).field).toBe(field);
    }
    expectError(await create(h.s.districtAdmin, { pricePoints: 'ten' }), 400, 'VALIDATION_FAILED');
    expectError(await create(h.s.districtAdmin, { period: 'year' }), 400, 'VALIDATION_FAILED');
    expectError(await create(h.s.districtAdmin, { surprise: 1 }), 400, 'VALIDATION_FAILED');
    expect((await call(h.s.districtAdmin, 'GET', '/points/admin/rewards')).json().items.length).toBe(before);

    const reward = (await create(h.s.districtAdmin)).json();
    expectError(await patch(h.s.districtAdmin, reward.id, {}), 400, 'NOTHING_TO_UPDATE');
    expectError(await patch(h.s.districtAdmin, reward.id, { stockPerPeriod: 0 }), 400, 'STOCK_INVALID');
    expectError(await patch(h.s.districtAdmin, reward.id, { merchantId: h.s.a.merchant.id }), 400, 'VALIDATION_FAILED');
    expectError(await patch(h.s.districtAdmin, randomUUID(), { pricePoints: 3 }), 404, 'NOT_FOUND');
    expect((await patch(h.s.districtAdmin, reward.id, { perRiderMonthlyLimit: null })).json()).toMatchObject({
      perRiderMonthlyLimit: null,
      pricePoints: 10,
    });
  });

  it('a price change applies to new redemptions only: open vouchers keep their price, cancel and use as issued', async () => {
    const reward = (
      await create(h.s.a.streetOperator, { pricePoints: 10, stockPerPeriod: 3, perRiderMonthlyLimit: null })
    ).json();
    const rider = await newRider(40);
    const first = (await redeem(rider, reward.id)).json();
    const second = (await redeem(rider, reward.id)).json();
    expect((await patch(h.s.a.streetOperator, reward.id, { pricePoints: 15, voucherValidDays: 1 })).statusCode).toBe(
      200,
    );
    const third = (await redeem(rider, reward.id)).json();
    expect([first.points, second.points, third.points]).toEqual([10, 10, 15]);
    expect(new Date(first.expiresAt).getTime() - new Date(third.expiresAt).getTime()).toBeGreaterThan(5 * 86400_000);
    expect(await summary(rider)).toMatchObject({ available: 5, held: 35 });

    // The merchant confirms an old voucher at its old price; a cancelled one returns what it held.
    const confirm = await call(h.s.a.merchantUser, 'POST', '/points/merchant/vouchers/confirm', {
      code: first.shortCode,
    });
    expect(confirm.json()).toMatchObject({ points: 10, validity: 'used' });
    expect((await call(rider, 'POST', `/points/vouchers/${second.id}/cancel`)).json()).toMatchObject({
      status: 'cancelled',
    });
    expect(await summary(rider)).toMatchObject({ available: 15, held: 15 });
    expect((await reconcile(h.t.db)).ok).toBe(true);
  });

  it('stock changes apply to the current period without stranding open vouchers', async () => {
    const reward = (
      await create(h.s.a.streetOperator, { pricePoints: 1, stockPerPeriod: 3, perRiderMonthlyLimit: null })
    ).json();
    const rider = await newRider(10);
    const vouchers = [];
    for (let i = 0; i < 3; i++) vouchers.push((await redeem(rider, reward.id)).json());
    expectError(await redeem(rider, reward.id), 409, 'REWARD_OUT_OF_STOCK');

    // Raised: two more units this period at once.
    expect((await patch(h.s.a.streetOperator, reward.id, { stockPerPeriod: 5 })).json()).toMatchObject({
      stockLeft: 2,
    });
    expect((await redeem(rider, reward.id)).statusCode).toBe(201);
    // Lowered below what is out (4 taken): nothing left, and every open voucher can still come back.
    expect((await patch(h.s.a.streetOperator, reward.id, { stockPerPeriod: 2 })).json()).toMatchObject({
      stockLeft: 0,
      openVouchers: 4,
    });
    expectError(await redeem(rider, reward.id), 409, 'REWARD_OUT_OF_STOCK');
    for (const v of vouchers)
      expect((await call(rider, 'POST', `/points/vouchers/${v.id}/cancel`)).statusCode).toBe(200);
    const [row] = await h.t.db.select().from(rewardStock).where(eq(rewardStock.rewardId, reward.id));
    expect(row).toMatchObject({ total: 4, remaining: 3 });
    expect((await reconcile(h.t.db)).ok).toBe(true);
  });

  it('a reward switched off leaves the catalog and refuses new redeems; its open vouchers still work', async () => {
    const reward = (await create(h.s.a.streetOperator)).json();
    const rider = await newRider(10);
    const voucher = (await redeem(rider, reward.id)).json();
    expect((await patch(h.s.a.streetOperator, reward.id, { active: false })).json()).toMatchObject({ active: false });
    const catalog = (await call(rider, 'GET', '/points/rewards')).json().items;
    expect(catalog.some((r: { id: string }) => r.id === reward.id)).toBe(false);
    expectError(await redeem(rider, reward.id), 409, 'REWARD_UNAVAILABLE');
    const confirm = await call(h.s.a.merchantUser, 'POST', '/points/merchant/vouchers/confirm', {
      code: voucher.qrPayload,
    });
    expect(confirm.statusCode).toBe(200);
  });

  it('earning rules are set per district by its district admin; credits in that district follow them', async () => {
    const list = await call(h.s.districtAdmin, 'GET', '/points/admin/rules');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ districtId: h.s.district.id, districtName: '甲区' });
    expect(list.json().items.find((r: { code: string }) => r.code === 'report_accepted')).toMatchObject({
      points: 2,
      dailyCap: 20,
      monthlyCap: 200,
      districtOwn: false,
    });
    for (const user of [h.s.a.streetOperator, h.s.a.merchantUser, h.s.rider]) {
      expectError(
        await call(user, 'PUT', '/points/admin/rules/report_accepted', { points: 3, dailyCap: 6, monthlyCap: 60 }),
        403,
        'FORBIDDEN',
      );
    }
    expectError(
      await call(h.s.districtAdmin, 'PUT', '/points/admin/rules/report_accepted', {
        districtId: h.s.otherDistrict.id,
        points: 3,
        dailyCap: 6,
        monthlyCap: 60,
      }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(
      await call(h.s.districtAdmin, 'GET', `/points/admin/rules?districtId=${h.s.otherDistrict.id}`),
      403,
      'OUT_OF_SCOPE',
    );
    const put = (changes: Record<string, unknown>) =>
      call(h.s.districtAdmin, 'PUT', '/points/admin/rules/report_accepted', {
        points: 3,
        dailyCap: 6,
        monthlyCap: 60,
        ...changes,
      });
    expect(expectError(await put({ points: -1 }), 400, 'AMOUNT_INVALID').field).toBe('points');
    expect(expectError(await put({ points: 1.5 }), 400, 'AMOUNT_INVALID').field).toBe('points');
    expect(expectError(await put({ dailyCap: 0 }), 400, 'CAP_INVALID').field).toBe('dailyCap');
    expect(expectError(await put({ dailyCap: 70 }), 400, 'CAP_INVALID').field).toBe('dailyCap');
    expectError(
      await call(h.s.districtAdmin, 'PUT', '/points/admin/rules/no_such_rule', {
        points: 3,
        dailyCap: null,
        monthlyCap: null,
      }),
      400,
      'VALIDATION_FAILED',
    );
    const ok = await put({});
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      code: 'report_accepted',
      points: 3,
      dailyCap: 6,
      monthlyCap: 60,
      districtOwn: true,
    });

    // A report in district A now earns 3, capped at 6 a day; the other district keeps the default 2.
    await h.t.db.execute(
      sql`insert into report_categories (code, name) values ('test_pothole', '道路坑洼') on conflict do nothing`,
    );
    const reportIn = async (districtId: string, reporterId: string) => {
      const id = randomUUID();
      // A bare report row in the district: creditForReport reads only where it is.
      await h.t.db.execute(sql`insert into reports
          (id, reporter_id, idempotency_key, category_id, lat, lng, district_id, accept_due_at, fix_due_at)
        select ${id}::uuid, ${reporterId}::uuid, ${id}, id, 39.9, 116.4, ${districtId}::uuid, now(), now()
        from report_categories limit 1`);
      return id;
    };
    const rider = await createUser(h.t.db, 'rider');
    const credit = async (reportId: string) =>
      h.t.db.transaction((tx) =>
        creditForReport(tx as unknown as Db, { reportId, riderId: rider.id }, { expiryDays: 365, now: new Date() }),
      );
    const amounts = [];
    for (let i = 0; i < 3; i++) {
      const outcome = await credit(await reportIn(h.s.district.id, rider.id));
      amounts.push(outcome.transfer?.amount ?? 0);
    }
    expect(amounts).toEqual([3, 3, 0]);
    const elsewhere = await createUser(h.t.db, 'rider');
    const other = await h.t.db.transaction((tx) =>
      creditForReport(
        tx as unknown as Db,
        { reportId: randomUUID(), riderId: elsewhere.id },
        { expiryDays: 365, now: new Date() },
      ),
    );
    expect(other.transfer?.amount).toBe(2);

    // Switched off in the district: accepted reports there earn nothing (the accept still succeeds).
    expect((await put({ active: false })).json()).toMatchObject({ active: false });
    const off = await h.t.db.transaction((tx) =>
      creditForReport(
        tx as unknown as Db,
        { reportId: randomUUID(), riderId: rider.id },
        { expiryDays: 365, now: new Date() },
      ),
    );
    expect(off.status).toBe('credited'); // no report row: the city-wide default applies
    const offInDistrict = await credit(await reportIn(h.s.district.id, rider.id));
    expect(offInDistrict.status).toBe('rule_off');
  });

  it('grant limits follow the district rule of the street the work was done in', async () => {
    await call(h.s.districtAdmin, 'PUT', '/points/admin/rules/volunteer_service', {
      points: 5,
      dailyCap: 5,
      monthlyCap: 50,
    });
    const rider = await createUser(h.t.db, 'rider');
    const grant = (amount: number, streetId = h.s.a.street.id, user: User = h.s.districtAdmin) =>
      call(user, 'POST', '/points/grants', {
        riderId: rider.id,
        streetId,
        rule: 'volunteer_service',
        amount,
        note: '志愿服务',
        idempotencyKey: newKey(),
      });
    expectError(await grant(6), 400, 'AMOUNT_INVALID');
    expect((await grant(5)).statusCode).toBe(201);
    expectError(await grant(1), 409, 'POINTS_CAP_REACHED');
    // The other district keeps the default (20 per grant) for work done in its streets.
    expect((await grant(6, h.s.b.street.id, h.s.otherDistrictAdmin)).statusCode).toBe(201);
  });
});
