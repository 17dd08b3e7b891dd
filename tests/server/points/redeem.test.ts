import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../../server/src/db/client.js';
import { rewardStock, vouchers } from '../../../server/src/db/schema/index.js';
import { qrPayload, reconcile } from '../../../server/src/points/index.js';
import { expectError } from '../../support/http.js';
import { createReward, newKey, pointsApp, pointsConfig, type TestUser as User } from '../../fixtures/points.js';

describe('rewards and vouchers over HTTP', () => {
  const h = pointsApp();
  const { call, summary, newRider } = h;
  const redeem = (rider: User, rewardId: string, idempotencyKey = newKey()) =>
    call(rider, 'POST', '/points/redeem', { rewardId, idempotencyKey });

  it('redeem holds the points and issues a voucher with a QR and a short code; the merchant confirms it', async () => {
    const rider = await newRider(24);
    const reward = await createReward(h.t.db, h.s.a.merchant.id, { title: '理发', pricePoints: 10 });

    const res = await redeem(rider, reward.id);
    expect(res.statusCode).toBe(201);
    const voucher = res.json();
    expect(voucher).toMatchObject({
      status: 'issued',
      statusLabel: '待使用',
      rewardTitle: '理发',
      points: 10,
      merchantName: 'A理发',
    });
    expect(voucher.shortCode).toMatch(/^[A-HJKMNP-Z2-9]{4} [A-HJKMNP-Z2-9]{4}$/);
    expect(voucher.qrPayload).toMatch(/^NX1\.k1\./);
    const listed = (await call(rider, 'GET', '/points/vouchers')).json().items[0];
    expect(listed).toMatchObject({ id: voucher.id, shortCode: voucher.shortCode, qrPayload: voucher.qrPayload });
    expect(listed.qrImage).toMatch(/^data:image\/png;base64,/);
    expect(await summary(rider)).toMatchObject({ available: 14, held: 10 });

    const lookup = await call(h.s.a.merchantUser, 'POST', '/points/merchant/vouchers/lookup', {
      code: voucher.qrPayload,
    });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject({ rewardTitle: '理发', validity: 'valid', points: 10 });

    const confirm = await call(h.s.a.merchantUser, 'POST', '/points/merchant/vouchers/confirm', {
      code: voucher.shortCode,
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json()).toMatchObject({ status: 'used', validity: 'used' });
    expect(await summary(rider)).toMatchObject({ available: 14, held: 0 });

    const mine = (await call(rider, 'GET', '/points/vouchers')).json();
    expect(mine.items[0]).toMatchObject({
      id: voucher.id,
      status: 'used',
      statusLabel: '已使用',
      shortCode: null,
      qrImage: null,
    });

    const history = (await call(rider, 'GET', '/points/history')).json();
    expect(history.items.map((l: { reason: string; amount: number }) => [l.reason, l.amount])).toEqual([
      ['voucher_used', 0],
      ['voucher_hold', -10],
      ['staff_grant', 24],
    ]);
    expect(history.items[0].detail).toBe('理发 · A理发 · 冻结的 10 分已扣除');

    const report = (await call(h.s.a.merchantUser, 'GET', '/points/merchant/redemptions')).json();
    expect(report).toMatchObject({
      merchantName: 'A理发',
      today: { count: 1, points: 10 },
      month: { count: 1, points: 10 },
    });
    expect((await reconcile(h.t.db)).ok).toBe(true);
  });

  it('a repeated redeem with the same idempotency key returns the same voucher and holds once', async () => {
    const rider = await newRider(30);
    const reward = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 10 });
    const key = newKey();
    const first = await redeem(rider, reward.id, key);
    const again = await redeem(rider, reward.id, key);
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json().id).toBe(first.json().id);
    expect(await summary(rider)).toMatchObject({ available: 20, held: 10 });
    const other = await createReward(h.t.db, h.s.a.merchant.id);
    expectError(await redeem(rider, other.id, key), 409, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('the rider cancels: the hold is voided, points and stock return, and the voucher cannot be used', async () => {
    const rider = await newRider(10);
    const reward = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 10, stockPerPeriod: 1 });
    const voucher = (await redeem(rider, reward.id)).json();
    expect((await h.t.db.select().from(rewardStock).where(eq(rewardStock.rewardId, reward.id)))[0]!.remaining).toBe(0);
    const res = await call(rider, 'POST', `/points/vouchers/${voucher.id}/cancel`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled' });
    expect(await summary(rider)).toMatchObject({ available: 10, held: 0 });
    expect((await h.t.db.select().from(rewardStock).where(eq(rewardStock.rewardId, reward.id)))[0]!.remaining).toBe(1);
    expectError(
      await call(h.s.a.merchantUser, 'POST', '/points/merchant/vouchers/confirm', { code: voucher.qrPayload }),
      409,
      'VOUCHER_CANCELLED',
    );
    expectError(await call(rider, 'POST', `/points/vouchers/${voucher.id}/cancel`), 409, 'VOUCHER_CANCELLED');
    // Another rider cannot cancel (or learn about) someone else's voucher.
    const v2 = (await redeem(rider, reward.id)).json();
    expectError(await call(h.s.rider, 'POST', `/points/vouchers/${v2.id}/cancel`), 404, 'NOT_FOUND');
  });

  it('an expired voucher is refused with 410 and its hold is voided (points back)', async () => {
    const rider = await newRider(10);
    const reward = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 10 });
    const voucher = (await redeem(rider, reward.id)).json();
    // Move the voucher's expiry into the past (the job's clock is tested in expiry.test.ts).
    await h.t.db
      .update(vouchers)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(vouchers.id, voucher.id));
    const lookup = (
      await call(h.s.a.merchantUser, 'POST', '/points/merchant/vouchers/lookup', { code: voucher.qrPayload })
    ).json();
    expect(lookup).toMatchObject({ validity: 'expired', validityLabel: '已过期' });
    expectError(
      await call(h.s.a.merchantUser, 'POST', '/points/merchant/vouchers/confirm', { code: voucher.qrPayload }),
      410,
      'VOUCHER_EXPIRED',
    );
    expect(await summary(rider)).toMatchObject({ available: 10, held: 0 });
    expectError(
      await call(h.s.a.merchantUser, 'POST', '/points/merchant/vouchers/confirm', { code: voucher.qrPayload }),
      410,
      'VOUCHER_EXPIRED',
    );
    expect((await reconcile(h.t.db)).ok).toBe(true);
  });

  describe('bad input and attacks: clear 4xx, nothing changed', () => {
    let rider: User;
    let reward: { id: string };
    let voucher: { id: string; qrPayload: string; shortCode: string };

    beforeAll(async () => {
      rider = await newRider(15);
      reward = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 10 });
      voucher = (await redeem(rider, reward.id)).json();
    });

    const confirm = (user: User, code: string) => call(user, 'POST', '/points/merchant/vouchers/confirm', { code });
    const unchanged = async () => {
      expect(await summary(rider)).toMatchObject({ available: 5, held: 10 });
      expect((await h.t.db.select().from(vouchers).where(eq(vouchers.id, voucher.id)))[0]!.status).toBe('issued');
    };

    it('a forged QR (bad signature, other key id, other voucher id) is VOUCHER_INVALID', async () => {
      const [prefix, kid, id, sig] = voucher.qrPayload.split('.');
      const flipped = sig!.startsWith('A') ? `B${sig!.slice(1)}` : `A${sig!.slice(1)}`;
      for (const code of [
        `${prefix}.${kid}.${id}.${flipped}`,
        `${prefix}.k9.${id}.${sig}`,
        qrPayload({ ...pointsConfig(), voucherKeys: { k1: 'an-attacker-key-of-sufficient-length!!' } }, id!),
        'NX1.k1.not-a-uuid.x',
        '!!!!',
        'ABCDEFGH',
      ]) {
        expectError(await confirm(h.s.a.merchantUser, code), 404, 'VOUCHER_INVALID');
      }
      await unchanged();
    });

    it("another merchant's voucher: refused to see or confirm (403)", async () => {
      expectError(await confirm(h.s.b.merchantUser, voucher.qrPayload), 403, 'VOUCHER_OTHER_MERCHANT');
      expectError(
        await call(h.s.b.merchantUser, 'POST', '/points/merchant/vouchers/lookup', { code: voucher.shortCode }),
        403,
        'VOUCHER_OTHER_MERCHANT',
      );
      await unchanged();
    });

    it('only merchants confirm; riders and other staff are FORBIDDEN; anonymous is 401', async () => {
      for (const user of [rider, h.s.a.streetOperator, h.s.districtAdmin])
        expectError(await confirm(user, voucher.qrPayload), 403, 'FORBIDDEN');
      const anon = await h.t.app.inject({
        method: 'POST',
        url: '/api/v1/points/merchant/vouchers/confirm',
        payload: { code: voucher.qrPayload },
      });
      expectError(anon, 401, 'UNAUTHENTICATED');
      await unchanged();
    });

    it('a reused voucher: the second confirm is VOUCHER_USED, points posted once', async () => {
      expect((await confirm(h.s.a.merchantUser, voucher.qrPayload)).statusCode).toBe(200);
      expectError(await confirm(h.s.a.merchantUser, voucher.shortCode), 409, 'VOUCHER_USED');
      expect(await summary(rider)).toMatchObject({ available: 5, held: 0 });
    });

    it('too few points: POINTS_INSUFFICIENT, no voucher, no stock taken', async () => {
      const before = (await call(rider, 'GET', '/points/vouchers')).json().items.length;
      expectError(await redeem(rider, reward.id), 409, 'POINTS_INSUFFICIENT');
      expect((await call(rider, 'GET', '/points/vouchers')).json().items.length).toBe(before);
      expect(await summary(rider)).toMatchObject({ available: 5, held: 0 });
    });

    it('beyond stock: REWARD_OUT_OF_STOCK', async () => {
      const scarce = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 1, stockPerPeriod: 1 });
      const r1 = await newRider(5);
      const r2 = await newRider(5);
      expect((await redeem(r1, scarce.id)).statusCode).toBe(201);
      expectError(await redeem(r2, scarce.id), 409, 'REWARD_OUT_OF_STOCK');
      expect(await summary(r2)).toMatchObject({ available: 5, held: 0 });
      const none = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 1, stockPerPeriod: 0 });
      expectError(await redeem(r2, none.id), 409, 'REWARD_OUT_OF_STOCK');
    });

    it('beyond the monthly limit: REWARD_MONTHLY_LIMIT; a cancelled voucher does not count', async () => {
      const limited = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 1, perRiderMonthlyLimit: 2 });
      const r = await newRider(10);
      const v1 = (await redeem(r, limited.id)).json();
      expect((await redeem(r, limited.id)).statusCode).toBe(201);
      expectError(await redeem(r, limited.id), 409, 'REWARD_MONTHLY_LIMIT');
      await call(r, 'POST', `/points/vouchers/${v1.id}/cancel`);
      expect((await redeem(r, limited.id)).statusCode).toBe(201);
      const catalog = (await call(r, 'GET', '/points/rewards')).json();
      expect(catalog.items.find((i: { id: string }) => i.id === limited.id)).toMatchObject({
        usedThisMonth: 2,
        blockedBy: 'REWARD_MONTHLY_LIMIT',
      });
    });

    it('an inactive or not-yet-valid reward: REWARD_UNAVAILABLE; an unknown one: 404', async () => {
      const r = await newRider(10);
      const inactive = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 1, active: false });
      const later = await createReward(h.t.db, h.s.a.merchant.id, {
        pricePoints: 1,
        validFrom: new Date(Date.now() + 86400000),
      });
      expectError(await redeem(r, inactive.id), 409, 'REWARD_UNAVAILABLE');
      expectError(await redeem(r, later.id), 409, 'REWARD_UNAVAILABLE');
      expectError(await redeem(r, '00000000-0000-4000-8000-00000000abcd'), 404, 'NOT_FOUND');
    });

    it('malformed bodies: VALIDATION_FAILED', async () => {
      expectError(await call(rider, 'POST', '/points/redeem', { rewardId: reward.id }), 400, 'VALIDATION_FAILED');
      expectError(
        await call(rider, 'POST', '/points/redeem', { rewardId: 'x', idempotencyKey: newKey() }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await call(rider, 'POST', '/points/redeem', { rewardId: reward.id, idempotencyKey: 'bad key!' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await call(h.s.a.merchantUser, 'POST', '/points/merchant/vouchers/confirm', {}),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  it('the catalog says 还差 N 分 for each reward', async () => {
    const rider = await newRider(7);
    const reward = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 10, title: '贵的理发' });
    const catalog = (await call(rider, 'GET', '/points/rewards')).json();
    expect(catalog.available).toBe(7);
    expect(catalog.items.find((i: { id: string }) => i.id === reward.id)).toMatchObject({
      shortBy: 3,
      blockedBy: 'POINTS_INSUFFICIENT',
      merchant: { name: 'A理发' },
    });
  });

  it('200 concurrent redeems against 10 units of stock and balances for fewer: exactly the right number succeed', async () => {
    const reward = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 5, stockPerPeriod: 10 });
    // 40 riders × 5 attempts each. 6 riders can afford two (10 points), 10 can afford one (5),
    // 24 can afford none (4): 22 affordable redeems compete for 10 units.
    const riders = [
      ...(await Promise.all(Array.from({ length: 6 }, () => newRider(10)))),
      ...(await Promise.all(Array.from({ length: 10 }, () => newRider(5)))),
      ...(await Promise.all(Array.from({ length: 24 }, () => newRider(4)))),
    ];
    const attempts = riders.flatMap((r) => Array.from({ length: 5 }, () => r));
    const results = await Promise.all(attempts.map((r) => redeem(r, reward.id)));
    const codes = results.map((r) => (r.statusCode === 201 ? 'ok' : r.json().code));
    const tally = codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});
    expect(tally.ok).toBe(10);
    expect(Object.keys(tally).sort()).toEqual(expect.arrayContaining(['ok', 'POINTS_INSUFFICIENT']));
    expect(Object.keys(tally).every((c) => ['ok', 'POINTS_INSUFFICIENT', 'REWARD_OUT_OF_STOCK'].includes(c))).toBe(
      true,
    );
    const [stock] = await h.t.db.select().from(rewardStock).where(eq(rewardStock.rewardId, reward.id));
    expect(stock!.remaining).toBe(0);
    const negative = rowsOf(
      await h.t.db.execute(
        sql`SELECT id FROM point_accounts WHERE kind = 'rider' AND credits_posted - debits_posted - debits_pending < 0`,
      ),
    );
    expect(negative).toEqual([]);
    const report = await reconcile(h.t.db);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  }, 120_000);
});
