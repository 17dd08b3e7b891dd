import { and, eq } from 'drizzle-orm';
import { notifications } from '../../../server/src/db/schema/index.js';
import {
  cancelVoucher,
  noticeExpiringPoints,
  noticeExpiringVouchers,
  redeem,
  runPointsJobs,
} from '../../../server/src/points/index.js';
import { expectError } from '../../support/http.js';
import { createUser } from '../../fixtures/factories.js';
import {
  actingAs,
  createReward,
  fundRider,
  newKey,
  pointsApp,
  pointsContext,
  principalOf,
} from '../../fixtures/points.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const asRider = (id: string) => principalOf(id);

describe('inbox notices of the points jobs: voucher and points expiring, once each; read and read-all', () => {
  const h = pointsApp();
  const { call } = h;
  const inboxOf = async (user: { id: string; role: string }) => (await call(user, 'GET', '/notifications')).json();
  const noticesOf = (userId: string, kind: string) =>
    h.t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

  it('tells the rider once, 24 h before an unused voucher expires, however often and however many runners run', async () => {
    const start = new Date('2032-03-01T02:00:00Z');
    const ctx = pointsContext(h.t.db, start);
    const rider = await createUser(h.t.db, 'rider');
    await fundRider(h.t.db, rider.id, 30, { at: start });
    const reward = await createReward(h.t.db, h.s.a.merchant.id, {
      title: '洗衣',
      pricePoints: 10,
      voucherValidDays: 3,
    });
    const { voucher } = await redeem(actingAs(ctx, asRider(rider.id)), {
      rewardId: reward.id,
      idempotencyKey: newKey(),
    });
    const cancelled = await redeem(actingAs(ctx, asRider(rider.id)), { rewardId: reward.id, idempotencyKey: newKey() });
    await cancelVoucher(actingAs(ctx, asRider(rider.id)), { id: cancelled.voucher.id });

    ctx.advanceDays(1); // 48 h left: too early
    expect(await noticeExpiringVouchers(ctx)).toBe(0);
    ctx.setNow(new Date(start.getTime() + 3 * DAY - 23 * HOUR)); // 23 h left
    const concurrent = await Promise.all([noticeExpiringVouchers(ctx), noticeExpiringVouchers(ctx)]);
    expect(concurrent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await noticeExpiringVouchers(ctx)).toBe(0);
    expect((await runPointsJobs(ctx)).voucherNotices).toBe(0);

    const rows = await noticesOf(rider.id, 'voucher_expiring');
    expect(rows).toHaveLength(1); // the cancelled voucher is not mentioned
    expect(rows[0]).toMatchObject({ dedupeKey: `voucher_expiring:${voucher.id}`, title: '兑换券即将过期' });
    // Beijing time in the text: 2032-03-04 02:00Z is 10:00 in Beijing.
    expect(rows[0]!.body).toContain('「洗衣」（A理发）将于 2032-03-04 10:00 过期');
    expect(rows[0]!.body).toContain('10 积分会自动退回');

    const inbox = await inboxOf(rider);
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ kind: 'voucher_expiring', read: false, reportId: null });
    // After expiry the voucher is voided and nothing new is said.
    ctx.advanceDays(1);
    const after = await runPointsJobs(ctx);
    expect(after).toMatchObject({ vouchersExpired: 1, voucherNotices: 0 });
    expect(await noticesOf(rider.id, 'voucher_expiring')).toHaveLength(1);
  });

  it('a voucher given back before the window is never announced', async () => {
    const start = new Date('2032-04-01T02:00:00Z');
    const ctx = pointsContext(h.t.db, start);
    const rider = await createUser(h.t.db, 'rider');
    await fundRider(h.t.db, rider.id, 10, { at: start });
    const reward = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 10, voucherValidDays: 2 });
    const { voucher } = await redeem(actingAs(ctx, asRider(rider.id)), {
      rewardId: reward.id,
      idempotencyKey: newKey(),
    });
    await cancelVoucher(actingAs(ctx, asRider(rider.id)), { id: voucher.id });
    ctx.advanceDays(1.5);
    expect(await noticeExpiringVouchers(ctx)).toBe(0);
    expect(await noticesOf(rider.id, 'voucher_expiring')).toHaveLength(0);
  });

  it('points expiring soon: one notice per date, none while an earlier announced date is still ahead, in the inbox', async () => {
    const start = new Date('2033-01-01T02:00:00Z');
    const ctx = pointsContext(h.t.db, start);
    const rider = await createUser(h.t.db, 'rider');
    // Two lots: day 20 and day 25 (both inside the 30-day window from the start).
    await fundRider(h.t.db, rider.id, 3, { at: start, expiresAt: new Date(start.getTime() + 20 * DAY) });
    await fundRider(h.t.db, rider.id, 4, { at: start, expiresAt: new Date(start.getTime() + 25 * DAY) });
    expect(await noticeExpiringPoints(ctx)).toBe(1);
    expect(await noticeExpiringPoints(ctx)).toBe(0);
    // A day later the rider spends 3 (FIFO: the day-20 lot), so the earliest date becomes day 25;
    // the notice already said "from day 20 on", which is still ahead: nothing new.
    ctx.advanceDays(1);
    const reward = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 3, voucherValidDays: 90 });
    await redeem(actingAs(ctx, asRider(rider.id)), { rewardId: reward.id, idempotencyKey: newKey() });
    expect(await noticeExpiringPoints(ctx)).toBe(0);
    // Once day 20 has passed, the next date gets its own notice, once.
    ctx.setNow(new Date(start.getTime() + 21 * DAY));
    const jobs = await runPointsJobs(ctx);
    expect(jobs).toMatchObject({ pointsExpired: 0, pointNotices: 1 });
    expect(await noticeExpiringPoints(ctx)).toBe(0);
    const rows = (await noticesOf(rider.id, 'points_expiring')).map((r) => r.dedupeKey).sort();
    expect(rows).toEqual(['points_expiring:2033-01-21', 'points_expiring:2033-01-26']);
    const notices = (await call(rider, 'GET', '/points/notices')).json().items;
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatchObject({ kind: 'points_expiring', readAt: null });
    expect(notices[0].body).toContain('4 积分将于 2033-01-26 起陆续过期');
  });

  it('mark one read, then 全部已读; only the caller’s own notifications, repeat-safe', async () => {
    const rider = await createUser(h.t.db, 'rider');
    const other = await createUser(h.t.db, 'rider');
    const at = new Date('2034-01-01T00:00:00Z');
    const [a, , c] = await h.t.db
      .insert(notifications)
      .values(
        [1, 2, 3].map((i) => ({
          userId: rider.id,
          kind: 'voucher_expiring',
          dedupeKey: `test:${i}`,
          title: `通知${i}`,
          body: '内容',
          createdAt: new Date(at.getTime() + i * 1000),
        })),
      )
      .returning();
    const [foreign] = await h.t.db
      .insert(notifications)
      .values({ userId: other.id, kind: 'voucher_expiring', title: '别人的', body: '内容' })
      .returning();
    expect((await inboxOf(rider)).unread).toBe(3);

    expect((await call(rider, 'POST', `/notifications/${a!.id}/read`)).statusCode).toBe(204);
    expect((await call(rider, 'POST', `/notifications/${a!.id}/read`)).statusCode).toBe(204);
    expectError(await call(rider, 'POST', `/notifications/${foreign!.id}/read`), 404, 'NOT_FOUND');
    const inbox = await inboxOf(rider);
    expect(inbox.unread).toBe(2);
    expect(inbox.items.find((n: { id: string }) => n.id === a!.id).read).toBe(true);
    expect(inbox.items.find((n: { id: string }) => n.id === c!.id).read).toBe(false);

    const all = await call(rider, 'POST', '/notifications/read-all');
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ marked: 2 });
    expect((await call(rider, 'POST', '/notifications/read-all')).json()).toEqual({ marked: 0 });
    expect((await inboxOf(rider)).unread).toBe(0);
    expect((await inboxOf(other)).unread).toBe(1);
    expect((await h.t.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all' })).statusCode).toBe(401);
  });
});
