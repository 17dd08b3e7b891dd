import { eq } from 'drizzle-orm';
import { vouchers } from '../../../server/src/db/schema/index.js';
import {
  expirePoints,
  expireVouchers,
  myNotices,
  noticeExpiringPoints,
  pointsHistory,
  pointsSummary,
  reconcile,
  redeem,
  runPointsJobs,
} from '../../../server/src/points/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { createTwoScopes, createUser } from '../../fixtures/factories.js';
import { actingAs, createReward, fundRider, newKey, pointsContext, principalOf } from '../../fixtures/points.js';

const DAY = 24 * 3600 * 1000;
const riderPrincipal = (id: string) => principalOf(id);

describe('expiry: points a configured time after earning (oldest first), vouchers after their validity', () => {
  let t: TestContext;
  let merchantId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    merchantId = (await createTwoScopes(t.db)).a.merchant.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('expires the unspent part of the oldest points first, tells the rider in advance, and reruns change nothing', async () => {
    const start = new Date('2030-01-01T02:00:00Z');
    const ctx = pointsContext(t.db, start);
    const rider = riderPrincipal((await createUser(t.db, 'rider')).id);
    // Lot A: 10 points expiring on day 40; lot B: 6 points expiring on day 100.
    await fundRider(t.db, rider.userId, 10, { at: start, expiresAt: new Date(start.getTime() + 40 * DAY) });
    await fundRider(t.db, rider.userId, 6, { at: start, expiresAt: new Date(start.getTime() + 100 * DAY) });
    // Spend 4: FIFO takes them from lot A, so 6 of lot A are left to expire.
    const reward = await createReward(t.db, merchantId, { pricePoints: 4, voucherValidDays: 365 });
    await redeem(actingAs(ctx, rider), { rewardId: reward.id, idempotencyKey: newKey() });

    ctx.setNow(new Date(start.getTime() + 20 * DAY)); // 20 days before lot A expires (window 30)
    expect((await pointsSummary(actingAs(ctx, rider))).expiringSoon).toMatchObject({
      amount: 6,
      earliest: new Date(start.getTime() + 40 * DAY).toISOString(),
    });
    expect(await noticeExpiringPoints(ctx)).toBeGreaterThanOrEqual(1);
    expect(await noticeExpiringPoints(ctx)).toBe(0); // once per rider and date
    const notices = (await myNotices(actingAs(ctx, rider))).items;
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'points_expiring', title: '积分即将过期', readAt: null });
    expect(notices[0]!.body).toContain('6 积分');

    ctx.setNow(new Date(start.getTime() + 41 * DAY));
    expect(await expirePoints(ctx)).toMatchObject({ points: 6 });
    expect(await expirePoints(ctx)).toMatchObject({ points: 0 });
    const summary = await pointsSummary(actingAs(ctx, rider));
    expect(summary).toMatchObject({ available: 6, held: 4 });
    const line = (await pointsHistory(actingAs(ctx, rider), {})).items[0];
    expect(line).toMatchObject({ amount: -6, reason: 'points_expired', reasonLabel: '积分过期' });

    ctx.setNow(new Date(start.getTime() + 101 * DAY));
    expect(await expirePoints(ctx)).toMatchObject({ points: 6 });
    expect(await pointsSummary(actingAs(ctx, rider))).toMatchObject({ available: 0, held: 4 });
    expect((await reconcile(t.db)).ok).toBe(true);
  });

  it('an expired voucher is voided by the job: its points come back ', async () => {
    const start = new Date('2031-05-01T02:00:00Z');
    const ctx = pointsContext(t.db, start);
    const rider = riderPrincipal((await createUser(t.db, 'rider')).id);
    await fundRider(t.db, rider.userId, 10, { at: start, expiresAt: new Date(start.getTime() + 365 * DAY) });
    const reward = await createReward(t.db, merchantId, { pricePoints: 10, voucherValidDays: 7 });
    const { voucher } = await redeem(actingAs(ctx, rider), { rewardId: reward.id, idempotencyKey: newKey() });
    expect(await pointsSummary(actingAs(ctx, rider))).toMatchObject({ available: 0, held: 10 });

    const statusOf = async () => (await t.db.select().from(vouchers).where(eq(vouchers.id, voucher.id)))[0]!.status;
    ctx.advanceDays(6);
    await expireVouchers(ctx);
    expect(await statusOf()).toBe('issued');
    ctx.advanceDays(2);
    const jobs = await runPointsJobs(ctx);
    expect(jobs.vouchersExpired).toBeGreaterThanOrEqual(1);
    expect(await statusOf()).toBe('expired');
    expect(await pointsSummary(actingAs(ctx, rider))).toMatchObject({ available: 10, held: 0 });
    const reasons = (await pointsHistory(actingAs(ctx, rider), {})).items.map((l) => [l.reason, l.amount]);
    expect(reasons[0]).toEqual(['voucher_expired', 10]);
    expect(await expireVouchers(ctx)).toBe(0);
    expect((await reconcile(t.db)).ok).toBe(true);
  });
});
