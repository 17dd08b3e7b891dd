import { users } from '../../../server/src/db/schema/index.js';
import { eq } from 'drizzle-orm';
import { expectError } from '../../support/http.js';
import { createReward, newKey, pointsApp, type TestUser as User } from '../../fixtures/points.js';

// Issue #18, defects 2 and 3 and the history wording: a merchant redeems by the QR's full payload
// (what a scanner gun or the H5 camera reads) or by the short code; the answer names the rider
// masked; a second scan says already used; the rider's history explains the confirm line.
describe('a merchant scans a voucher: full QR payload or short code', () => {
  const h = pointsApp();
  const { call, newRider } = h;
  const redeem = (rider: User, rewardId: string) =>
    call(rider, 'POST', '/points/redeem', { rewardId, idempotencyKey: newKey() });
  const lookup = (code: string) => call(h.s.a.merchantUser, 'POST', '/points/merchant/vouchers/lookup', { code });
  const confirm = (code: string) => call(h.s.a.merchantUser, 'POST', '/points/merchant/vouchers/confirm', { code });

  async function voucherFor(name: string) {
    const rider = await newRider(30);
    await h.t.db.update(users).set({ displayName: name }).where(eq(users.id, rider.id));
    const reward = await createReward(h.t.db, h.s.a.merchant.id, { title: '洗剪吹', pricePoints: 10 });
    const res = await redeem(rider, reward.id);
    expect(res.statusCode).toBe(201);
    return { rider, voucher: res.json() as { qrPayload: string; shortCode: string } };
  }

  it('confirms by the full NX1. payload (as a scanner gun types it), naming the rider masked and when', async () => {
    const { voucher } = await voucherFor('王建国');
    expect(voucher.qrPayload.length).toBeGreaterThan(12);
    const seen = await lookup(`  ${voucher.qrPayload}\n`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ validity: 'valid', rewardTitle: '洗剪吹', riderName: '王**' });
    const done = await confirm(voucher.qrPayload);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'used', rewardTitle: '洗剪吹', points: 10, riderName: '王**' });
    expect(done.json().resolvedAt).toEqual(expect.any(String));
    expect(JSON.stringify(done.json())).not.toContain('王建国');

    // The second scan of the same voucher, by payload or by short code: already used.
    expectError(await confirm(voucher.qrPayload), 409, 'VOUCHER_USED');
    expectError(await confirm(voucher.shortCode), 409, 'VOUCHER_USED');
    expect((await lookup(voucher.qrPayload)).json()).toMatchObject({
      validity: 'used',
      validityLabel: '已核销过，不能再用',
    });
  });

  it('confirms by the short code typed in lower case with a space; a cut payload is invalid', async () => {
    const { voucher } = await voucherFor('李四');
    // What the old 12-character box left of a payload: refused, never half-matched.
    expectError(await lookup(voucher.qrPayload.slice(0, 12)), 404, 'VOUCHER_INVALID');
    const done = await confirm(voucher.shortCode.toLowerCase());
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'used', riderName: '李*' });
  });

  it("the rider's history says what a confirm did with the held points instead of a bare 0", async () => {
    const { rider, voucher } = await voucherFor('赵六');
    await confirm(voucher.shortCode);
    const lines = (await call(rider, 'GET', '/points/history')).json().items as {
      reason: string;
      reasonLabel: string;
      amount: number;
      detail: string;
    }[];
    const used = lines.find((l) => l.reason === 'voucher_used')!;
    const hold = lines.find((l) => l.reason === 'voucher_hold')!;
    expect(hold).toMatchObject({ reasonLabel: '兑换（积分冻结）', amount: -10 });
    expect(used).toMatchObject({ reasonLabel: '兑换券已核销', amount: 0 });
    expect(used.detail).toContain('冻结的 10 分已扣除');
    expect(used.detail).toContain('洗剪吹');
  });
});
