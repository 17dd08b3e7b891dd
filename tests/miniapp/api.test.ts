import Taro from '@tarojs/taro';
import { ApiError, createApiClient } from '../../miniapp/src/services/api';
import { createAuthApi } from '../../miniapp/src/services/auth';
import { notificationsApi } from '../../miniapp/src/services/notifications';
import { pointsApi } from '../../miniapp/src/services/points';
import { tokenStore } from '../../miniapp/src/services/tokens';
import { resetTaro } from './support/taro';
import { fakeServer } from './support/fake-server';
import { makeMe, makePair, signIn } from './support/factories';

// The auth calls over a transport of the test's own, so each test sees its own session-lost handler.
function client(onSessionLost = jest.fn()) {
  return { api: createAuthApi(createApiClient({ baseUrl: '', tokens: tokenStore, onSessionLost })), onSessionLost };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

beforeEach(() => resetTaro());

describe('token refresh', () => {
  test('concurrent TOKEN_EXPIRED answers share one refresh, then each request is retried with the new token', async () => {
    const user = makeMe();
    const old = signIn(user, 1);
    const fresh = makePair(user, 2);
    const refreshAnswer = deferred<{ status: number; body: unknown }>();
    const server = fakeServer({
      'GET /api/v1/me': (req) =>
        req.authorization === `Bearer ${fresh.accessToken}`
          ? { status: 200, body: user }
          : { status: 401, body: { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' } },
      // Rotation: the old refresh token is valid exactly once.
      'POST /api/v1/auth/refresh': (req) =>
        req.body?.refreshToken === old.refreshToken
          ? refreshAnswer.promise
          : { status: 401, body: { code: 'REFRESH_TOKEN_REUSED', message: '登录凭证已被使用' } },
    });
    const { api, onSessionLost } = client();

    const results = Promise.all([api.me(), api.me(), api.me()]);
    // Let all three hit the 401 before the refresh answers.
    await new Promise((r) => setTimeout(r, 10));
    refreshAnswer.resolve({ status: 200, body: fresh });

    await expect(results).resolves.toEqual([user, user, user]);
    expect(server.count('POST', '/api/v1/auth/refresh')).toBe(1);
    expect(tokenStore.get()?.refreshToken).toBe(fresh.refreshToken);
    expect(tokenStore.get()?.accessToken).toBe(fresh.accessToken);
    expect(onSessionLost).not.toHaveBeenCalled();
  });

  test('a request that started before another refresh finished retries without refreshing again', async () => {
    const user = makeMe();
    signIn(user, 1);
    const fresh = makePair(user, 2);
    const firstMe = deferred<{ status: number; body: unknown }>();
    let meCalls = 0;
    const server = fakeServer({
      'GET /api/v1/me': (req) => {
        meCalls += 1;
        if (meCalls === 1) return firstMe.promise; // slow request holding the old token
        return req.authorization === `Bearer ${fresh.accessToken}`
          ? { status: 200, body: user }
          : { status: 401, body: { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' } };
      },
      'POST /api/v1/auth/refresh': () => ({ status: 200, body: fresh }),
    });
    const { api } = client();

    const slow = api.me();
    await expect(api.me()).resolves.toEqual(user); // refreshes once
    firstMe.resolve({ status: 401, body: { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' } });
    await expect(slow).resolves.toEqual(user);
    expect(server.count('POST', '/api/v1/auth/refresh')).toBe(1);
  });

  test('a refused refresh clears the tokens, reports the lost session and surfaces the Chinese message', async () => {
    signIn(makeMe(), 1);
    fakeServer({
      'GET /api/v1/me': () => ({ status: 401, body: { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' } }),
      'POST /api/v1/auth/refresh': () => ({
        status: 401,
        body: { code: 'REFRESH_TOKEN_INVALID', message: '登录状态已失效，请重新登录' },
      }),
    });
    const { api, onSessionLost } = client();

    const error = await api.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'REFRESH_TOKEN_INVALID', message: '登录状态已失效，请重新登录', status: 401 });
    expect(tokenStore.get()).toBeNull();
    expect(onSessionLost).toHaveBeenCalledTimes(1);
  });

  test('a refresh lost to the network keeps the session so the rider is not logged out by a dead zone', async () => {
    const pair = signIn(makeMe(), 1);
    (Taro.request as jest.Mock).mockImplementation(async (o: { url: string }) => {
      if (o.url.endsWith('/refresh')) throw { errMsg: 'request:fail timeout' };
      return { statusCode: 401, data: { code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' } };
    });
    const { api, onSessionLost } = client();

    await expect(api.me()).rejects.toMatchObject({ code: 'NETWORK_TIMEOUT', message: '网络超时，请重试' });
    expect(tokenStore.get()?.refreshToken).toBe(pair.refreshToken);
    expect(onSessionLost).not.toHaveBeenCalled();
  });
});

describe('error mapping', () => {
  test('an error body becomes an ApiError with code, server message, field and requestId', async () => {
    fakeServer({
      'POST /api/v1/auth/demo-login': () => ({
        status: 400,
        body: { code: 'VALIDATION_FAILED', message: '请求内容不正确', field: 'account', requestId: 'req-9' },
      }),
    });
    const error = await client()
      .api.demoLogin('')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '请求内容不正确',
      field: 'account',
      requestId: 'req-9',
      status: 400,
    });
  });

  test('a body without a message falls back to the shared Chinese message for its code', async () => {
    fakeServer({ 'GET /api/v1/auth/demo-accounts': () => ({ status: 404, body: { code: 'DEMO_DISABLED' } }) });
    await expect(client().api.demoAccounts()).rejects.toMatchObject({
      code: 'DEMO_DISABLED',
      message: '演示登录未开启',
    });
  });

  test('a 5xx with a non-JSON body is shown as the generic server message', async () => {
    fakeServer({ 'GET /api/v1/auth/demo-accounts': () => ({ status: 502, body: '<html>Bad Gateway</html>' }) });
    await expect(client().api.demoAccounts()).rejects.toMatchObject({
      code: 'INTERNAL',
      message: '服务器开小差了，请稍后再试',
      status: 502,
    });
  });

  test.each([
    {
      label: 'weapp timeout',
      failure: { errMsg: 'request:fail timeout' },
      code: 'NETWORK_TIMEOUT',
      message: '网络超时，请重试',
    },
    {
      label: 'H5 abort on timeout',
      failure: Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' }),
      code: 'NETWORK_TIMEOUT',
      message: '网络超时，请重试',
    },
    {
      label: 'H5 fetch failure',
      failure: new TypeError('Failed to fetch'),
      code: 'NETWORK_OFFLINE',
      message: '网络不可用，请检查网络后重试',
    },
    {
      label: 'weapp no network',
      failure: { errMsg: 'request:fail ' },
      code: 'NETWORK_OFFLINE',
      message: '网络不可用，请检查网络后重试',
    },
  ])('$label is reported as $code with a Chinese message', async ({ failure, code, message }) => {
    (Taro.request as jest.Mock).mockRejectedValue(failure);
    const error = await client()
      .api.demoAccounts()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code, message, status: 0 });
    expect((error as ApiError).isNetwork).toBe(true);
  });

  test('an authenticated call without a session fails as UNAUTHENTICATED without touching the network', async () => {
    const { api, onSessionLost } = client();
    await expect(api.me()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
    expect(Taro.request).not.toHaveBeenCalled();
    expect(onSessionLost).toHaveBeenCalledTimes(1);
  });
});

describe('session endpoints', () => {
  test('demo login stores the token pair and sends no Authorization header', async () => {
    const user = makeMe();
    const server = fakeServer({ 'POST /api/v1/auth/demo-login': () => ({ status: 200, body: makePair(user, 5) }) });
    await client().api.demoLogin('rider-demo');
    expect(server.calls[0]).toMatchObject({ body: { account: 'rider-demo' }, authorization: undefined });
    expect(tokenStore.get()).toMatchObject({ accessToken: 'access-5', user });
  });

  test('logout clears local tokens even when the server cannot be reached', async () => {
    signIn(makeMe());
    (Taro.request as jest.Mock).mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(client().api.logout()).rejects.toMatchObject({ code: 'NETWORK_OFFLINE' });
    expect(tokenStore.get()).toBeNull();
  });
});

describe('request shape', () => {
  test('a POST without a body sends no JSON content type (the server refuses an empty JSON body)', async () => {
    signIn(makeMe());
    fakeServer({
      'POST /api/v1/notifications/read-all': () => ({ status: 200, body: { marked: 1 } }),
      'POST /api/v1/points/redeem': () => ({ status: 201, body: {} }),
    });
    // The job clients go through the app's one transport (same base URL and token store).
    await notificationsApi.readAll();
    await pointsApi.redeem('r1', 'key-12345678');
    const headers = (Taro.request as jest.Mock).mock.calls.map(
      (c) => (c[0] as { header: Record<string, string> }).header,
    );
    expect(headers[0]!['Content-Type']).toBeUndefined();
    expect(headers[1]!['Content-Type']).toBe('application/json');
  });
});
