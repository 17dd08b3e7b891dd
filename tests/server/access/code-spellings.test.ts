import { gateCodeUrl } from '../../../server/src/access/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { applyAndApprove, createAccessWorld, register, scanBody } from '../../fixtures/access.js';

type World = Awaited<ReturnType<typeof createAccessWorld>>;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/**
 * The same bytes spelled differently: the last base64url character of a 16- or 64-byte value has
 * four unused low bits, which decoders ignore; flipping one gives a second spelling.
 */
const respell = (b64: string) => b64.slice(0, -1) + ALPHABET[ALPHABET.indexOf(b64.at(-1)!) ^ 1];

// A signed code has exactly one spelling, and a key id is an id, not a property name.
describe('gate and rider codes: one spelling, own key ids', () => {
  let t: TestContext;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp({ ACCESS_DEDUPE_SECONDS: '0' });
    w = await createAccessWorld(t.app, t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  const codeOf = (gate: { id: string; codeVersion: number }) => gateCodeUrl(t.config.access, gate.id, gate.codeVersion);
  const scan = (headers: Record<string, string>, code: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/access/scans', headers, payload: scanBody(code) });
  async function approvedRider() {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    await register(t.app, headers);
    await applyAndApprove(t.app, headers, w.a.community.id, w.adminA);
    return { user, headers };
  }

  it('a gate code whose signature is respelled (same bytes) is 400 GATE_CODE_INVALID; the canonical one passes that check', async () => {
    const r = await approvedRider();
    const code = codeOf(w.gateA);
    const sig = new URL(code).searchParams.get('s')!;
    const respelled = code.replace(`s=${sig}`, `s=${respell(sig)}`);
    expect(Buffer.from(respell(sig), 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expectError(await scan(r.headers, respelled), 400, 'GATE_CODE_INVALID');
    expect((await scan(r.headers, code)).json().code).not.toBe('GATE_CODE_INVALID');
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'a gate code with key id %s is 400 GATE_CODE_KEY_REVOKED, not a server error',
    async (kid) => {
      const r = await approvedRider();
      const code = codeOf(w.gateA).replace(/k=[^&]+/, `k=${kid}`);
      expectError(await scan(r.headers, code), 400, 'GATE_CODE_KEY_REVOKED');
    },
  );

  describe('rider codes checked by a guard', () => {
    let riderHeaders: Record<string, string>;
    beforeAll(async () => {
      riderHeaders = (await approvedRider()).headers;
    });
    const myCode = async (): Promise<string> =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/access/my-code', headers: riderHeaders })).json().code;
    const check = (code: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/access/rider-checks', headers: w.adminA, payload: { code } });

    it('the canonical code is accepted', async () => {
      expect((await check(await myCode())).statusCode).toBe(200);
    });

    it('a respelled signature is 400 RIDER_CODE_INVALID', async () => {
      const [prefix, kid, payload, sig] = (await myCode()).split('.') as [string, string, string, string];
      expectError(await check([prefix, kid, payload, respell(sig)].join('.')), 400, 'RIDER_CODE_INVALID');
    });

    it.each(['constructor', '__proto__', 'toString'])('key id %s is 400 RIDER_CODE_INVALID', async (kid) => {
      const [prefix, , payload, sig] = (await myCode()).split('.') as [string, string, string, string];
      expectError(await check([prefix, kid, payload, sig].join('.')), 400, 'RIDER_CODE_INVALID');
    });
  });
});
