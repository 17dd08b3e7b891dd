import { createPublicKey, verify } from 'node:crypto';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { issueRiderCode } from '../../../server/src/access/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { applyAndApprove, createAccessWorld, register, suspendRider } from '../../fixtures/access.js';

type World = Awaited<ReturnType<typeof createAccessWorld>>;

// jsqr is CommonJS: its typings say `default`, the runtime hands over the function itself.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as typeof jsQRModule.default;

describe('gate posters and the rider’s rotating code', () => {
  let t: TestContext;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp({ ACCESS_CODE_URL_PREFIX: 'https://nx.test/q/gate' });
    w = await createAccessWorld(t.app, t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('poster', () => {
    it('the PNG poster decodes with a standard QR reader to the gate’s signed https URL', async () => {
      const gate = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/access/communities/${w.a.community.id}/gates`,
          headers: w.adminA,
        })
      ).json().items[0];
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/access/gates/${gate.id}/poster?format=png`,
        headers: w.adminA,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="nuanxin-.*\.png"/);
      const png = PNG.sync.read(res.rawPayload);
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data).toBe(gate.codeUrl);
      expect(decoded!.data).toMatch(
        new RegExp(`^https://nx\\.test/q/gate\\?g=${gate.id}&v=1&k=dev1&s=[A-Za-z0-9_-]{22}$`),
      );
    });

    it('the SVG poster carries the community, the gate name and the instruction', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/access/gates/${w.gateA.id}/poster?format=svg`,
        headers: w.adminA,
      });
      expect(res.headers['content-type']).toContain('image/svg+xml');
      expect(res.body).toContain(w.a.community.name);
      expect(res.body).toContain('东门');
      expect(res.body).toContain('扫码进门');
    });

    it('another community’s admin cannot download the poster (403 OUT_OF_SCOPE); an unknown gate is 404', async () => {
      expectError(
        await t.app.inject({ method: 'GET', url: `/api/v1/access/gates/${w.gateA.id}/poster`, headers: w.adminB }),
        403,
        'OUT_OF_SCOPE',
      );
      expectError(
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/access/gates/0b7c1d3e-0000-4000-8000-000000000009/poster`,
          headers: w.adminA,
        }),
        404,
        'GATE_UNKNOWN',
      );
    });
  });

  describe('rider code (Ed25519, 30 s)', () => {
    let riderHeaders: Record<string, string>;
    let riderId: string;
    beforeAll(async () => {
      const user = await createUser(t.db, 'rider');
      riderId = user.id;
      riderHeaders = bearer(accessTokenFor(t.app, user));
      await register(t.app, riderHeaders, { realName: '王建国', phone: '13811112222' });
      await applyAndApprove(t.app, riderHeaders, w.a.community.id, w.adminA);
    });
    const myCode = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/access/my-code', headers: riderHeaders })).json();
    const check = (headers: Record<string, string>, code: string, gateId?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/access/rider-checks',
        headers,
        payload: { code, ...(gateId ? { gateId } : {}) },
      });

    it('issues a fresh code each time with a QR image, valid 30 seconds', async () => {
      const a = await myCode();
      const b = await myCode();
      expect(a.code).not.toBe(b.code);
      expect(a.qrDataUrl).toMatch(/^data:image\/png;base64,/);
      expect(new Date(a.expiresAt).getTime() - new Date(a.issuedAt).getTime()).toBeLessThanOrEqual(30_000);
      expect(a.refreshInSeconds).toBeLessThan(30);
      const png = PNG.sync.read(Buffer.from(a.qrDataUrl.split(',')[1], 'base64'));
      expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(a.code);
    });

    it('a gate device verifies the code offline with the published public key (documented recipe)', async () => {
      const keys = (await t.app.inject({ method: 'GET', url: '/api/v1/access/rider-code-keys' })).json();
      expect(keys.periodSeconds).toBe(30);
      const { code } = await myCode();
      const [prefix, kid, payload, sig] = code.split('.');
      const key = keys.keys.find((k: { kid: string }) => k.kid === kid);
      const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
      expect(verify(null, Buffer.from(`${prefix}.${kid}.${payload}`), publicKey, Buffer.from(sig, 'base64url'))).toBe(
        true,
      );
      const [user, issuedAt] = Buffer.from(payload, 'base64url').toString().split('|');
      expect(user).toBe(riderId);
      expect(Math.abs(Date.now() / 1000 - Number(issuedAt))).toBeLessThan(30);
      // One altered character fails.
      expect(verify(null, Buffer.from(`${prefix}.${kid}.${payload}x`), publicKey, Buffer.from(sig, 'base64url'))).toBe(
        false,
      );
    });

    it('the guard sees masked details and 已准入 for its community', async () => {
      const { code } = await myCode();
      const res = await check(w.adminA, code);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toEqual(expect.objectContaining({ granted: true, reason: 'GRANTED', message: '已准入' }));
      expect(body.rider).toEqual(
        expect.objectContaining({ nameMasked: '王*国', platform: 'meituan', phoneMasked: '138****2222' }),
      );
      expect(res.body).not.toContain('13811112222');
      expect(body.community.id).toBe(w.a.community.id);
    });

    it('the same guard scanning the same code twice gets the same event; another guard gets 409 RIDER_CODE_REPLAYED', async () => {
      const { code } = await myCode();
      const first = (await check(w.adminA, code)).json();
      expect((await check(w.adminA, code)).json().eventId).toBe(first.eventId);
      expectError(await check(w.adminB, code), 409, 'RIDER_CODE_REPLAYED');
    });

    it('another community’s guard sees the rider denied there (WRONG_COMMUNITY)', async () => {
      const { code } = await myCode();
      const res = await check(w.adminB, code);
      expect(res.json()).toEqual(expect.objectContaining({ granted: false, reason: 'WRONG_COMMUNITY' }));
      expect(res.json().community.id).toBe(w.b.community.id);
    });

    it('a code older than 30 seconds (a screenshot) is 410 RIDER_CODE_EXPIRED', async () => {
      const { code } = issueRiderCode(t.config.access, riderId, new Date(Date.now() - 40_000));
      expectError(await check(w.adminA, code), 410, 'RIDER_CODE_EXPIRED');
    });

    it.each([
      ['a forged signature', (c: string) => c.replace(/\.[^.]+$/, '.' + 'A'.repeat(86))],
      [
        'an altered payload',
        (c: string) => {
          const p = c.split('.');
          p[2] = Buffer.from(
            `${'0'.repeat(8)}-0000-4000-8000-000000000000|${Math.floor(Date.now() / 1000)}|x`,
          ).toString('base64url');
          return p.join('.');
        },
      ],
      ['an unknown key id', (c: string) => c.replace('.dev1.', '.zz9.')],
      ['plain text', () => 'hello'],
    ])('%s is 400 RIDER_CODE_INVALID', async (_label, mutate) => {
      const { code } = await myCode();
      expectError(await check(w.adminA, mutate(code)), 400, 'RIDER_CODE_INVALID');
    });

    it('a guard may check only at its own community’s gates', async () => {
      const { code } = await myCode();
      expectError(await check(w.adminA, code, w.gateB.id), 403, 'NOT_A_GUARD_GATE');
      expect((await check(w.adminA, code, w.gateA.id)).json().granted).toBe(true);
    });

    it('a suspended rider gets no code, and an issued one is denied (RIDER_SUSPENDED)', async () => {
      const { code } = await myCode();
      await suspendRider(t.db, riderId);
      try {
        expectError(
          await t.app.inject({ method: 'GET', url: '/api/v1/access/my-code', headers: riderHeaders }),
          403,
          'RIDER_SUSPENDED',
        );
        expect((await check(w.adminA, code)).json().reason).toBe('RIDER_SUSPENDED');
      } finally {
        await suspendRider(t.db, riderId, false);
      }
    });

    it('an unregistered rider has no code (400 PROFILE_REQUIRED); riders cannot check codes (403)', async () => {
      const user = await createUser(t.db, 'rider');
      expectError(
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/access/my-code',
          headers: bearer(accessTokenFor(t.app, user)),
        }),
        400,
        'PROFILE_REQUIRED',
      );
      expectError(await check(riderHeaders, 'x'), 403, 'FORBIDDEN');
    });
  });
});
