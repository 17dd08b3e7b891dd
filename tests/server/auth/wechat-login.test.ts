import { buildTestApp, type TestContext } from '../../support/app.js';
import { startFakeWeChat, type FakeWeChat } from '../../support/fake-wechat.js';
import { bearer } from '../../fixtures/factories.js';

const APP_ID = 'wx-test-app';
const SECRET = 'test-secret-value';

describe('login with wx.login code (jscode2session)', () => {
  let wechat: FakeWeChat;
  let t: TestContext;

  beforeAll(async () => {
    wechat = await startFakeWeChat({ appId: APP_ID, secret: SECRET });
    t = await buildTestApp({
      WECHAT_API_BASE: wechat.baseUrl,
      WECHAT_APP_ID: APP_ID,
      WECHAT_APP_SECRET: SECRET,
      LOGIN_RATE_LIMIT: '1000',
    });
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  const login = (code: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/wx-login', payload: { code }, headers });

  it('creates a rider on first login and returns tokens without the session_key', async () => {
    wechat.codes.set('code-1', { openid: 'openid-alice', session_key: 'SECRET-SESSION-KEY-1' });
    const res = await login('code-1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.role).toBe('rider');
    expect(typeof body.accessToken).toBe('string');
    expect(typeof body.refreshToken).toBe('string');
    expect(res.body).not.toContain('SECRET-SESSION-KEY');
    expect(res.body).not.toContain('openid-alice');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(body.accessToken) });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(body.user.id);
    // The real client sent what WeChat expects.
    const sent = wechat.requests.at(-1)!;
    expect(sent.searchParams.get('js_code')).toBe('code-1');
    expect(sent.searchParams.get('grant_type')).toBe('authorization_code');
  });

  it('returns the same user when the same openid logs in again', async () => {
    wechat.codes.set('code-2a', { openid: 'openid-bob', session_key: 'k1' });
    wechat.codes.set('code-2b', { openid: 'openid-bob', session_key: 'k2' });
    const first = (await login('code-2a')).json();
    const second = (await login('code-2b')).json();
    expect(second.user.id).toBe(first.user.id);
  });

  it('never writes the code, session_key or tokens to the log', async () => {
    wechat.codes.set('code-log-xyz', { openid: 'openid-log', session_key: 'LOGGED-SESSION-KEY' });
    const res = await login('code-log-xyz');
    const logs = t.logs.join('');
    expect(logs).not.toContain('LOGGED-SESSION-KEY');
    expect(logs).not.toContain('code-log-xyz');
    expect(logs).not.toContain(res.json().refreshToken);
    expect(logs).not.toContain(res.json().accessToken);
  });

  it.each([
    [40029, 400, 'WECHAT_CODE_INVALID'],
    [40163, 400, 'WECHAT_CODE_INVALID'],
    [45011, 429, 'WECHAT_RATE_LIMITED'],
    [-1, 503, 'WECHAT_BUSY'],
    [40226, 502, 'WECHAT_ERROR'],
  ])('maps WeChat errcode %d to %d %s with a Chinese message', async (errcode, status, code) => {
    wechat.codes.set(`bad-${errcode}`, { errcode, errmsg: 'x' });
    const res = await login(`bad-${errcode}`);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('answers 503 WECHAT_UNAVAILABLE when WeChat cannot be reached', async () => {
    wechat.failWithStatus = 502;
    try {
      const res = await login('whatever');
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('WECHAT_UNAVAILABLE');
    } finally {
      wechat.failWithStatus = null;
    }
  });

  it('rejects an empty code as a validation error naming the field', async () => {
    const res = await login('');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'code' });
  });
});

describe('login rate limit', () => {
  let wechat: FakeWeChat;
  let t: TestContext;
  beforeAll(async () => {
    wechat = await startFakeWeChat({ appId: APP_ID, secret: SECRET });
    t = await buildTestApp({
      WECHAT_API_BASE: wechat.baseUrl,
      WECHAT_APP_ID: APP_ID,
      WECHAT_APP_SECRET: SECRET,
      LOGIN_RATE_LIMIT: '3',
    });
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  it('refuses the fourth attempt within a minute with 429 RATE_LIMITED', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/wx-login', payload: { code: `nope-${i}` } });
      statuses.push(res.statusCode);
      if (i === 3) expect(res.json().code).toBe('RATE_LIMITED');
    }
    expect(statuses).toEqual([400, 400, 400, 429]);
  });
});
