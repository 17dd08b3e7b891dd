import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../../server/src/db/client.js';
import { earningRules } from '../../../server/src/db/schema/index.js';
import { creditForReport, reconcile } from '../../../server/src/points/index.js';
import { expectError } from '../../support/http.js';
import { createUser } from '../../fixtures/factories.js';
import { createReward, newKey, pointsApp, type TestUser as User } from '../../fixtures/points.js';

describe('earning: accepted reports, staff grants, caps, reversals', () => {
  const h = pointsApp();
  const { call, availableOf } = h;
  const credit = (reportId: string, riderId: string, now = new Date()) =>
    h.t.db.transaction((tx) => creditForReport(tx as unknown as Db, { reportId, riderId }, { expiryDays: 365, now }));
  const grant = (granter: User, body: Record<string, unknown>) =>
    call(granter, 'POST', '/points/grants', {
      rule: 'volunteer_service',
      amount: 5,
      note: '社区志愿服务',
      idempotencyKey: newKey(),
      streetId: h.s.a.street.id,
      ...body,
    });

  it('an accepted report earns 2 points, once, however often the event arrives', async () => {
    const rider = await createUser(h.t.db, 'rider');
    const reportId = randomUUID();
    const first = await credit(reportId, rider.id);
    const again = await credit(reportId, rider.id);
    const concurrent = await Promise.all([credit(reportId, rider.id), credit(reportId, rider.id)]);
    expect(first.status).toBe('credited');
    expect([again.status, ...concurrent.map((c) => c.status)]).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await availableOf(rider)).toBe(2);
    const history = (await call(rider, 'GET', '/points/history')).json();
    expect(history.items).toEqual([
      expect.objectContaining({
        amount: 2,
        reason: 'report_accepted',
        reasonLabel: '随手拍上报被受理',
        detail: '随手拍', // no such report here: the line names the category and street when there is one
      }),
    ]);
  });

  it('report credits stop at the daily cap, and the monthly cap, as configured in the rules table', async () => {
    await h.t.db
      .update(earningRules)
      .set({ dailyCap: 5, monthlyCap: 7 })
      .where(eq(earningRules.code, 'report_accepted'));
    try {
      const rider = await createUser(h.t.db, 'rider');
      const day1 = new Date('2026-03-10T04:00:00Z');
      const outcomes = [];
      for (let i = 0; i < 4; i++) outcomes.push((await credit(randomUUID(), rider.id, day1)).status);
      expect(outcomes).toEqual(['credited', 'credited', 'credited', 'capped']);
      expect(await availableOf(rider)).toBe(5); // 2 + 2 + the 1 point of room left
      // Next day: room again under the daily cap, but the monthly cap (7) leaves only 2.
      const day2 = new Date('2026-03-11T04:00:00Z');
      expect((await credit(randomUUID(), rider.id, day2)).status).toBe('credited');
      expect((await credit(randomUUID(), rider.id, day2)).status).toBe('capped');
      expect(await availableOf(rider)).toBe(7);
      // A new month: room again.
      expect((await credit(randomUUID(), rider.id, new Date('2026-04-01T04:00:00Z'))).status).toBe('credited');
    } finally {
      await h.t.db
        .update(earningRules)
        .set({ dailyCap: 20, monthlyCap: 200 })
        .where(eq(earningRules.code, 'report_accepted'));
    }
  });

  it('a street operator grants points for volunteer work in its street, with the note in the history', async () => {
    const rider = await createUser(h.t.db, 'rider');
    const res = await grant(h.s.a.streetOperator, {
      riderId: rider.id,
      rule: 'volunteer_meal_delivery',
      amount: 6,
      note: '为独居老人送餐',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ amount: 6, created: true, riderAvailable: 6 });
    const line = (await call(rider, 'GET', '/points/history')).json().items[0];
    expect(line).toMatchObject({ amount: 6, reason: 'staff_grant', detail: '送餐助老：为独居老人送餐' });
  });

  it('a repeated grant (same key) is the same transfer', async () => {
    const rider = await createUser(h.t.db, 'rider');
    const key = newKey();
    const a = await grant(h.s.districtAdmin, { riderId: rider.id, idempotencyKey: key });
    const b = await grant(h.s.districtAdmin, { riderId: rider.id, idempotencyKey: key });
    expect([a.statusCode, b.statusCode]).toEqual([201, 200]);
    expect(b.json().transferId).toBe(a.json().transferId);
    expect(await availableOf(rider)).toBe(5);
  });

  it('refuses grants outside the granter scope, by the wrong role, or with bad amounts — nothing changed', async () => {
    const rider = await createUser(h.t.db, 'rider');
    expectError(
      await grant(h.s.a.streetOperator, { riderId: rider.id, streetId: h.s.b.street.id }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(await grant(h.s.otherDistrictAdmin, { riderId: rider.id }), 403, 'OUT_OF_SCOPE');
    for (const user of [h.s.a.communityAdmin, h.s.a.merchantUser, h.s.rider]) {
      expectError(await grant(user, { riderId: rider.id }), 403, 'FORBIDDEN');
    }
    for (const amount of [0, -3, 1.5, '2; DROP TABLE', 10_000]) {
      expectError(await grant(h.s.districtAdmin, { riderId: rider.id, amount }), 400, 'VALIDATION_FAILED');
    }
    expectError(await grant(h.s.districtAdmin, { riderId: rider.id, amount: 21 }), 400, 'AMOUNT_INVALID');
    expectError(
      await grant(h.s.districtAdmin, { riderId: rider.id, rule: 'report_accepted' }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await grant(h.s.districtAdmin, { riderId: rider.id, note: '' }), 400, 'VALIDATION_FAILED');
    expectError(await grant(h.s.districtAdmin, { riderId: rider.id, note: '   ' }), 400, 'VALIDATION_FAILED');
    expectError(await grant(h.s.districtAdmin, { riderId: h.s.a.merchantUser.id }), 404, 'NOT_FOUND');
    expect(await availableOf(rider)).toBe(0);
  });

  it('grants stop at the rule cap per day: POINTS_CAP_REACHED', async () => {
    const rider = await createUser(h.t.db, 'rider');
    expect((await grant(h.s.districtAdmin, { riderId: rider.id, amount: 20 })).statusCode).toBe(201);
    expectError(await grant(h.s.districtAdmin, { riderId: rider.id, amount: 1 }), 409, 'POINTS_CAP_REACHED');
    expect(await availableOf(rider)).toBe(20);
  });

  it('a grant made in error is reversed by a new transfer (never edited); twice is refused', async () => {
    const rider = await createUser(h.t.db, 'rider');
    const g = (await grant(h.s.a.streetOperator, { riderId: rider.id, amount: 4 })).json();
    expectError(
      await call(h.s.otherDistrictAdmin, 'POST', `/points/transfers/${g.transferId}/reverse`, { note: '发错了' }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(
      await call(h.s.a.streetOperator, 'POST', `/points/transfers/${g.transferId}/reverse`, { note: '发错了' }),
      403,
      'FORBIDDEN',
    );
    const r = await call(h.s.districtAdmin, 'POST', `/points/transfers/${g.transferId}/reverse`, { note: '发错了人' });
    expect(r.statusCode).toBe(201);
    expect(await availableOf(rider)).toBe(0);
    expect(
      (await call(h.s.districtAdmin, 'POST', `/points/transfers/${g.transferId}/reverse`, { note: '再来' })).statusCode,
    ).toBe(200);
    expect(await availableOf(rider)).toBe(0);
    const lines = (await call(rider, 'GET', '/points/history')).json().items;
    expect(lines.map((l: { reason: string; amount: number }) => [l.reason, l.amount])).toEqual([
      ['reversal', -4],
      ['staff_grant', 4],
    ]);
    expect(lines[0].detail).toBe('更正：发错了人');
    const [original] = rowsOf<{ amount: number }>(
      await h.t.db.execute(sql`SELECT amount FROM point_transfers WHERE id = ${g.transferId}`),
    );
    expect(Number(original!.amount)).toBe(4);
  });

  it('a reversal that would overdraw the rider (points held for a voucher) is refused, nothing changed', async () => {
    const rider = await createUser(h.t.db, 'rider');
    const g = (await grant(h.s.districtAdmin, { riderId: rider.id, amount: 4 })).json();
    const reward = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 3 });
    expect(
      (await call(rider, 'POST', '/points/redeem', { rewardId: reward.id, idempotencyKey: newKey() })).statusCode,
    ).toBe(201);
    expectError(
      await call(h.s.districtAdmin, 'POST', `/points/transfers/${g.transferId}/reverse`, { note: '发错了' }),
      409,
      'POINTS_INSUFFICIENT',
    );
    expect(await availableOf(rider)).toBe(1);
    expectError(
      await call(h.s.districtAdmin, 'POST', `/points/transfers/${randomUUID()}/reverse`, { note: 'x' }),
      404,
      'NOT_FOUND',
    );
    expect((await reconcile(h.t.db)).ok).toBe(true);
  });
});
