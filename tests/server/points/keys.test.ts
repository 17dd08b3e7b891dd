import { ConfigError, DEV_VOUCHER_KEY, loadConfig } from '../../../server/src/config.js';
import type { Principal } from '../../../server/src/auth/principal.js';
import { confirmVoucher, lookupVoucher } from '../../../server/src/points/confirm-voucher.js';
import type { PointsContext } from '../../../server/src/points/context.js';
import { myVouchers } from '../../../server/src/points/queries.js';
import { redeem } from '../../../server/src/points/redeem.js';
import { createUser } from '../../fixtures/factories.js';
import { createReward, fundRider, newKey, pointsApp } from '../../fixtures/points.js';

const OLD = 'old-voucher-key-Vq8mZ2xK9pL4wT7nR1sB6yC3';
const NEW = 'new-voucher-key-Zx8Kq2Vm4Lp7Rt1Wn5Yb3Hc6';
const pointsWith = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env }).points;
const principal = (id: string, role: 'rider' | 'merchant', merchantIds: string[] = []): Principal => ({
  userId: id,
  role,
  districtIds: [],
  streetIds: [],
  communityIds: [],
  merchantIds,
});

describe('voucher signing keys rotate like gate keys: the newest signs, every listed key verifies', () => {
  it('reads VOUCHER_SIGNING_KEYS (first signs) and still the single VOUCHER_SIGNING_KEY / VOUCHER_KEY_ID', () => {
    expect(pointsWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW},k1:${OLD}` })).toMatchObject({
      voucherKeyId: 'k2',
      voucherKeys: { k2: NEW, k1: OLD },
    });
    expect(pointsWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW},k1:${OLD}`, VOUCHER_KEY_ID: 'k1' }).voucherKeyId).toBe('k1');
    expect(pointsWith({ VOUCHER_SIGNING_KEY: OLD, VOUCHER_KEY_ID: 'v2026' })).toMatchObject({
      voucherKeyId: 'v2026',
      voucherKeys: { v2026: OLD },
    });
    expect(pointsWith({})).toMatchObject({ voucherKeyId: 'k1', voucherKeys: { k1: DEV_VOUCHER_KEY } });
    expect(() => pointsWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW}`, VOUCHER_KEY_ID: 'k9' })).toThrow(/VOUCHER_KEY_ID k9/);
    expect(() => pointsWith({ VOUCHER_SIGNING_KEYS: 'k2:short' })).toThrow(/VOUCHER_SIGNING_KEYS/);
    expect(() => pointsWith({ VOUCHER_SIGNING_KEYS: `k-2:${NEW}` })).toThrow(ConfigError);
    expect(() => pointsWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW}`, VOUCHER_SIGNING_KEY: OLD })).toThrow(/not both/);
  });

  it('production refuses the development key or a short key anywhere in the ring', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'k3J9x2Qm7Zp4Lw8Vt1Rb6Yc5Nd0Hf2Ga',
      WECHAT_APP_ID: 'wx1234567890abcdef',
      WECHAT_APP_SECRET: 'a-real-looking-wechat-app-secret',
      ACCESS_GATE_KEYS: 'g2026:Zx8Kq2Vm4Lp7Rt1Wn5Yb3Hc6',
      ACCESS_RIDER_KEYS: `r2026:${'7f'.repeat(32)}`,
      ACCESS_ID_HASH_KEY: 'id-hash-key-Qw3Er5Ty7Ui9Op1As',
      ACCESS_CODE_URL_PREFIX: 'https://nuanxin.cn/q/gate',
    };
    expect(loadConfig({ ...production, VOUCHER_SIGNING_KEYS: `k2:${NEW},k1:${OLD}` }).points.voucherKeyId).toBe('k2');
    expect(() => loadConfig(production)).toThrow(/VOUCHER_SIGNING_KEYS/);
    expect(() => loadConfig({ ...production, VOUCHER_SIGNING_KEYS: `k2:${NEW},k1:${DEV_VOUCHER_KEY}` })).toThrow(
      /VOUCHER_SIGNING_KEYS/,
    );
    expect(() => loadConfig({ ...production, VOUCHER_SIGNING_KEYS: `k2:${NEW},k1:sixteen-chars-ok` })).toThrow(
      /at least 32/,
    );
  });

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
      const shop = principal(h.s.a.merchantUser.id, 'merchant', [h.s.a.merchant.id]);
      const me = principal(rider.id, 'rider');

      const old = (await redeem(before, me, { rewardId: reward.id, idempotencyKey: newKey() })).voucher;
      const oldTwo = (await redeem(before, me, { rewardId: reward.id, idempotencyKey: newKey() })).voucher;
      const oldThree = (await redeem(before, me, { rewardId: reward.id, idempotencyKey: newKey() })).voucher;
      expect(old.qrPayload).toMatch(/^NX1\.k1\./);

      // After the rotation the rider's list shows the same short code; new vouchers are signed by k2.
      const listed = (await myVouchers(rotated, me)).items.find((v) => v.id === old.id)!;
      expect(listed.shortCode).toBe(old.shortCode);
      const fresh = (await redeem(rotated, me, { rewardId: reward.id, idempotencyKey: newKey() })).voucher;
      expect(fresh.qrPayload).toMatch(/^NX1\.k2\./);
      expect((await lookupVoucher(rotated, shop, { code: old.qrPayload! })).validity).toBe('valid');
      expect((await confirmVoucher(rotated, shop, { code: old.shortCode! })).validity).toBe('used');
      expect((await confirmVoucher(rotated, shop, { code: oldTwo.qrPayload! })).validity).toBe('used');
      expect((await confirmVoucher(rotated, shop, { code: fresh.shortCode! })).validity).toBe('used');

      // k1 removed: its remaining voucher no longer works by QR or by short code, and is not shown as usable.
      await expect(lookupVoucher(retired, shop, { code: oldThree.qrPayload! })).rejects.toMatchObject({ code: 'VOUCHER_INVALID' });
      await expect(confirmVoucher(retired, shop, { code: oldThree.shortCode! })).rejects.toMatchObject({ code: 'VOUCHER_INVALID' });
      const shown = (await myVouchers(retired, me)).items.find((v) => v.id === oldThree.id)!;
      expect(shown).toMatchObject({ shortCode: null, qrPayload: null });
      // The same voucher still works once k1 is listed again (nothing was changed by the refusals).
      expect((await confirmVoucher(rotated, shop, { code: oldThree.shortCode! })).validity).toBe('used');
    });

    it('a key id that is an object property name ("constructor") is just an unknown key', async () => {
      const ctx = contextWith({ VOUCHER_SIGNING_KEYS: `k2:${NEW}` });
      const shop = principal(h.s.a.merchantUser.id, 'merchant', [h.s.a.merchant.id]);
      await expect(
        lookupVoucher(ctx, shop, { code: 'NX1.constructor.00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAA' }),
      ).rejects.toMatchObject({ code: 'VOUCHER_INVALID' });
    });
  });
});
