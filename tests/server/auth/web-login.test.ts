import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../server/src/db/client.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { startFakeWeChat, type FakeWeChat } from '../../support/fake-wechat.js';
import { expectError } from '../../support/http.js';
import { bearer } from '../../fixtures/factories.js';

const APP = { appId: 'wx-test-app', secret: 'test-secret-value', webAppId: 'wx-test-oa', webSecret: 'oa-secret-value' };

/**
 * H5 sign-in inside WeChat's browser (网页授权), driven as the browser would: the API's start
 * redirect, the fake WeChat's authorize page over real HTTP, the callback with the state cookie,
 * the login page's ticket exchange.
 */
describe('H5 WeChat sign-in (网页授权)', () => {
  let wechat: FakeWeChat;
  let t: TestContext;
  let now = new Date();

  beforeAll(async () => {
    wechat = await startFakeWeChat(APP);
    t = await buildTestApp(
      {
        WECHAT_API_BASE: wechat.baseUrl,
        WECHAT_APP_ID: APP.appId,
        WECHAT_APP_SECRET: APP.secret,
        WECHAT_OA_APP_ID: APP.webAppId,
        WECHAT_OA_APP_SECRET: APP.webSecret,
        WECHAT_OAUTH_AUTHORIZE_URL: `${wechat.baseUrl}/connect/oauth2/authorize`,
        DEMO_MODE: 'false',
        LOGIN_RATE_LIMIT: '1000',
      },
      { now: () => now },
    );
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });
  beforeEach(() => {
    now = new Date();
    wechat.failWithStatus = null;
  });

  /** start → WeChat → callback; answers the login page URL the browser ends on. */
  async function signIn(options: { cookie?: (state: string) => string } = {}): Promise<URL> {
    const start = await t.app.inject({ method: 'GET', url: '/api/v1/auth/wx-web/start', headers: { host: 'h5.test' } });
    expect(start.statusCode).toBe(302);
    const setCookie = String(start.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    const authorize = new URL(String(start.headers.location));
    expect(authorize.searchParams.get('appid')).toBe(APP.webAppId);
    expect(authorize.searchParams.get('scope')).toBe('snsapi_base');
    expect(authorize.hash).toBe('#wechat_redirect');
    const state = authorize.searchParams.get('state')!;
    const back = await fetch(authorize, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const callback = new URL(back.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe('http://h5.test/api/v1/auth/wx-web/callback');
    const cookie = options.cookie ? options.cookie(state) : setCookie.split(';')[0]!;
    const done = await t.app.inject({
      method: 'GET',
      url: callback.pathname + callback.search,
      headers: { host: 'h5.test', cookie },
    });
    expect(done.statusCode).toBe(302);
    // The state cookie is spent whatever happened.
    expect(String(done.headers['set-cookie'])).toMatch(/Max-Age=0/);
    const page = new URL(String(done.headers.location));
    expect(page.origin + page.pathname).toBe('http://h5.test/');
    return new URL(page.hash.slice(1), 'http://h5.test');
  }

  const exchange = (ticket: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/wx-web/exchange', payload: { ticket } });

  it('tells the login page which ways in exist', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/options' });
    expect(res.json()).toEqual({ demo: false, wechatWeb: true });
  });

  it('signs a new person in as a rider, with the tokens behind a one-time ticket', async () => {
    wechat.webUser = { openid: 'oa-alice' };
    const page = await signIn();
    expect(page.pathname).toBe('/pages/login/index');
    const ticket = page.searchParams.get('ticket')!;
    expect(ticket).toMatch(/^[\w-]{40,}$/);
    expect(page.toString()).not.toMatch(/token/i);
    const res = await exchange(ticket);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.role).toBe('rider');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(body.accessToken) });
    expect(me.json().id).toBe(body.user.id);
    // The ticket works once.
    expect(expectError(await exchange(ticket), 400, 'LOGIN_TICKET_INVALID').field).toBe('ticket');
    // The code was exchanged server-side with the official account's secret.
    const sent = wechat.requests.find((u) => u.pathname === '/sns/oauth2/access_token')!;
    expect(sent.searchParams.get('appid')).toBe(APP.webAppId);
    // The same person again is the same user.
    const again = await exchange((await signIn()).searchParams.get('ticket')!);
    expect(again.json().user.id).toBe(body.user.id);
  });

  it('refuses a ticket after a minute', async () => {
    wechat.webUser = { openid: 'oa-slow' };
    const ticket = (await signIn()).searchParams.get('ticket')!;
    now = new Date(now.getTime() + 61_000);
    expect(expectError(await exchange(ticket), 400, 'LOGIN_TICKET_INVALID').field).toBe('ticket');
  });

  it('refuses a callback whose state is not this browser’s (login CSRF), creating nobody', async () => {
    wechat.webUser = { openid: 'oa-victim' };
    const users = async () => rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from users`))[0];
    const before = await users();
    const page = await signIn({ cookie: () => 'nx_wx_state=someone-elses-state' });
    expect(page.searchParams.get('error')).toBe('LOGIN_STATE_INVALID');
    expect(page.searchParams.get('ticket')).toBeNull();
    expect(await users()).toEqual(before);
  });

  it('sends someone who declined back to the login page with a message code', async () => {
    wechat.webUser = null;
    const page = await signIn();
    expect(page.searchParams.get('error')).toBe('WECHAT_CODE_INVALID');
  });

  it('lands on the login page with WECHAT_UNAVAILABLE when WeChat is down', async () => {
    wechat.webUser = { openid: 'oa-down' };
    const start = await t.app.inject({ method: 'GET', url: '/api/v1/auth/wx-web/start', headers: { host: 'h5.test' } });
    const back = await fetch(new URL(String(start.headers.location)), { redirect: 'manual' });
    const callback = new URL(back.headers.get('location')!);
    wechat.failWithStatus = 500;
    const done = await t.app.inject({
      method: 'GET',
      url: callback.pathname + callback.search,
      headers: { host: 'h5.test', cookie: String(start.headers['set-cookie']).split(';')[0]! },
    });
    const page = new URL(new URL(String(done.headers.location)).hash.slice(1), 'http://h5.test');
    expect(page.searchParams.get('error')).toBe('WECHAT_UNAVAILABLE');
  });

  it('is one user across the mini-program and H5 when WeChat gives the same unionid, in either order', async () => {
    wechat.codes.set('mp-carol', { openid: 'mp-carol', session_key: 'k', unionid: 'union-carol' });
    const fromMiniProgram = (
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/wx-login', payload: { code: 'mp-carol' } })
    ).json();
    wechat.webUser = { openid: 'oa-carol', unionid: 'union-carol' };
    const fromH5 = (await exchange((await signIn()).searchParams.get('ticket')!)).json();
    expect(fromH5.user.id).toBe(fromMiniProgram.user.id);

    wechat.webUser = { openid: 'oa-dave', unionid: 'union-dave' };
    const h5First = (await exchange((await signIn()).searchParams.get('ticket')!)).json();
    wechat.codes.set('mp-dave', { openid: 'mp-dave', session_key: 'k', unionid: 'union-dave' });
    const mpLater = (
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/wx-login', payload: { code: 'mp-dave' } })
    ).json();
    expect(mpLater.user.id).toBe(h5First.user.id);
  });

  it('signs in a suspended account nowhere', async () => {
    wechat.webUser = { openid: 'oa-erin' };
    const erin = (await exchange((await signIn()).searchParams.get('ticket')!)).json();
    await t.db.execute(sql`update users set status = 'suspended' where id = ${erin.user.id}`);
    const page = await signIn();
    expect(page.searchParams.get('error')).toBe('FORBIDDEN');
  });

  it('answers WECHAT_WEB_DISABLED where no official account is configured', async () => {
    const plain = await buildTestApp();
    try {
      expect((await plain.app.inject({ method: 'GET', url: '/api/v1/auth/options' })).json()).toEqual({
        demo: true,
        wechatWeb: false,
      });
      expectError(
        await plain.app.inject({ method: 'GET', url: '/api/v1/auth/wx-web/start' }),
        404,
        'WECHAT_WEB_DISABLED',
      );
    } finally {
      await plain.close();
    }
  });
});
