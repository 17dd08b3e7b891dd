import { loadConfig } from '../../../server/src/platform/config.js';
import {
  confirmVoucher,
  lookupVoucher,
  myVouchers,
  redeem,
  type PointsContext,
} from '../../../server/src/points/index.js';
import { createUser } from '../../fixtures/factories.js';
import { actingAs, createReward, fundRider, newKey, pointsApp, principalOf } from '../../fixtures/points.js';

const OLD = 'old-voucher-key-Vq8mZ2xK9pL4wT7nR1sB6yC3';
const NEW = 'new-voucher-key-Zx8Kq2Vm4Lp7Rt1Wn5Yb3Hc6';
const pointsWith = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env }).points;

describe('voucher signing keys rotate like gate keys: the newest signs, every listed key verifies', () => {
  describe('on the database', () => {
    const h = pointsApp();
    const contextWith = (env: Record<string, string>): PointsContext => ({
      db: h.t.db,
      config: pointsWith(env),
      now: () => new Date(),
    });

    it('a voucher issued before a rotation keeps its QR and short code working, until its key is removed', async () => {
      const before = contextWith({ VOUCHER_SIGNING_KEY: OLD }); // today's single-key set-up (k1)
      const rotated = contextWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW},k1:${OLD}` });
      const retired = contextWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW}` });
      const rider = await createUser(h.t.db, 'rider');
      await fundRider(h.t.db, rider.id, 30);
      const reward = await createReward(h.t.db, h.s.a.merchant.id, { pricePoints: 5 });
      const shop = principalOf(h.s.a.merchantUser.id, 'merchant', [h.s.a.merchant.id]);
      const me = principalOf(rider.id);

      const old = (await redeem(actingAs(before, me), { rewardId: reward.id, idempotencyKey: newKey() })).voucher;
      const oldTwo = (await redeem(actingAs(before, me), { rewardId: reward.id, idempotencyKey: newKey() })).voucher;
      const oldThree = (await redeem(actingAs(before, me), { rewardId: reward.id, idempotencyKey: newKey() })).voucher;
      expect(old.qrPayload).toMatch(/^NX1\.k1\./);

      // After the rotation the rider's list shows the same short code; new vouchers are signed by k2.
      const listed = (await myVouchers(actingAs(rotated, me))).items.find((v) => v.id === old.id)!;
      expect(listed.shortCode).toBe(old.shortCode);
      const fresh = (await redeem(actingAs(rotated, me), { rewardId: reward.id, idempotencyKey: newKey() })).voucher;
      expect(fresh.qrPayload).toMatch(/^NX1\.k2\./);
      expect((await lookupVoucher(actingAs(rotated, shop), { code: old.qrPayload! })).validity).toBe('valid');
      expect((await confirmVoucher(actingAs(rotated, shop), { code: old.shortCode! })).validity).toBe('used');
      expect((await confirmVoucher(actingAs(rotated, shop), { code: oldTwo.qrPayload! })).validity).toBe('used');
      expect((await confirmVoucher(actingAs(rotated, shop), { code: fresh.shortCode! })).validity).toBe('used');

      // k1 removed: its remaining voucher no longer works by QR or by short code, and is not shown as usable.
      await expect(lookupVoucher(actingAs(retired, shop), { code: oldThree.qrPayload! })).rejects.toMatchObject({
        code: 'VOUCHER_INVALID',
      });
      await expect(confirmVoucher(actingAs(retired, shop), { code: oldThree.shortCode! })).rejects.toMatchObject({
        code: 'VOUCHER_INVALID',
      });
      const shown = (await myVouchers(actingAs(retired, me))).items.find((v) => v.id === oldThree.id)!;
      expect(shown).toMatchObject({ shortCode: null, qrPayload: null });
      // The same voucher still works once k1 is listed again (nothing was changed by the refusals).
      expect((await confirmVoucher(actingAs(rotated, shop), { code: oldThree.shortCode! })).validity).toBe('used');
    });

    it('a key id that is an object property name ("constructor") is just an unknown key', async () => {
      const ctx = contextWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW}` });
      const shop = principalOf(h.s.a.merchantUser.id, 'merchant', [h.s.a.merchant.id]);
      await expect(
        lookupVoucher(actingAs(ctx, shop), {
          code: 'NX1.constructor.00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAA',
        }),
      ).rejects.toMatchObject({ code: 'VOUCHER_INVALID' });
    });
  });
});
