import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWeChat {
  baseUrl: string;
  /** Requests received, path with query, in order. */
  requests: URL[];
  /** code → the JSON WeChat would answer. Unknown codes answer 40029. */
  codes: Map<string, Record<string, unknown>>;
  /** Answer every request with this HTTP status and no JSON (WeChat down). */
  failWithStatus: number | null;
  /** Access tokens handed out by stable_token, in order; the last one is the valid one. */
  tokensIssued: string[];
  /** Seconds stable_token says a token lives. */
  tokenTtlSeconds: number;
  /** Subscribe messages WeChat accepted (the JSON body), in order. */
  messages: Record<string, unknown>[];
  /** errcodes the next subscribe/send calls answer, one per call, before succeeding again. */
  sendErrors: number[];
  /**
   * Who is signed in to WeChat in the browser: 网页授权 (connect/oauth2/authorize) sends the
   * browser back with a code for this identity, or with no code when null (the user declined).
   */
  webUser: { openid: string; unionid?: string } | null;
  /** Web codes minted by the authorize page: code → identity; a code works once. */
  webCodes: Map<string, { openid: string; unionid?: string }>;
  /** Revoke the current token: the next send with it answers 40001. */
  revokeToken(): void;
  close(): Promise<void>;
}

/**
 * A stand-in for api.weixin.qq.com on 127.0.0.1, speaking its wire format, so the real HTTP
 * client is what the tests exercise.
 */
export async function startFakeWeChat(expected: {
  appId: string;
  secret: string;
  /** The official account of 网页授权 (H5 sign-in), when a test uses it. */
  webAppId?: string;
  webSecret?: string;
}): Promise<FakeWeChat> {
  let revoked = new Set<string>();
  const usedWebCodes = new Set<string>();
  const state: Omit<FakeWeChat, 'baseUrl' | 'close'> = {
    requests: [],
    codes: new Map(),
    failWithStatus: null,
    tokensIssued: [],
    tokenTtlSeconds: 7200,
    messages: [],
    sendErrors: [],
    webUser: null,
    webCodes: new Map(),
    revokeToken: () => {
      const current = state.tokensIssued.at(-1);
      if (current) revoked.add(current);
    },
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    state.requests.push(url);
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (state.failWithStatus) {
      res.writeHead(state.failWithStatus).end('upstream down');
      return;
    }
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      if (body.grant_type !== 'client_credential') return send({ errcode: 40002, errmsg: 'invalid grant_type' });
      if (body.appid !== expected.appId || body.secret !== expected.secret)
        return send({ errcode: 40125, errmsg: 'invalid appsecret' });
      const current = state.tokensIssued.at(-1);
      // Like WeChat: without force_refresh the still-valid token is returned again.
      if (current && !revoked.has(current) && body.force_refresh !== true)
        return send({ access_token: current, expires_in: state.tokenTtlSeconds });
      const token = `tok-${state.tokensIssued.length + 1}`;
      state.tokensIssued.push(token);
      return send({ access_token: token, expires_in: state.tokenTtlSeconds });
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      const token = url.searchParams.get('access_token') ?? '';
      if (!state.tokensIssued.includes(token)) return send({ errcode: 40001, errmsg: 'invalid credential' });
      if (revoked.has(token) || token !== state.tokensIssued.at(-1))
        return send({ errcode: 42001, errmsg: 'access_token expired' });
      const planned = state.sendErrors.shift();
      if (planned !== undefined) return send({ errcode: planned, errmsg: 'planned failure' });
      state.messages.push(JSON.parse(raw) as Record<string, unknown>);
      return send({ errcode: 0, errmsg: 'ok', msgid: state.messages.length });
    }
    if (url.pathname === '/connect/oauth2/authorize' && req.method === 'GET') {
      // WeChat's consent step, answered at once: back to redirect_uri with a code (and the state).
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      if (url.searchParams.get('appid') !== expected.webAppId || url.searchParams.get('response_type') !== 'code') {
        res.writeHead(400).end('invalid appid or response_type');
        return;
      }
      if (state.webUser) {
        const code = `web-${state.webCodes.size + 1}`;
        state.webCodes.set(code, state.webUser);
        back.searchParams.set('code', code);
      }
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/sns/oauth2/access_token') {
      if (url.searchParams.get('appid') !== expected.webAppId || url.searchParams.get('secret') !== expected.webSecret)
        return send({ errcode: 40125, errmsg: 'invalid appsecret' });
      const code = url.searchParams.get('code') ?? '';
      const who = state.webCodes.get(code);
      if (!who)
        return send(
          usedWebCodes.has(code)
            ? { errcode: 40163, errmsg: 'code been used' }
            : { errcode: 40029, errmsg: 'invalid code' },
        );
      state.webCodes.delete(code);
      usedWebCodes.add(code);
      return send({ access_token: `web-token-${code}`, expires_in: 7200, scope: 'snsapi_base', ...who });
    }
    if (url.pathname !== '/sns/jscode2session') return send({ errcode: 40066, errmsg: 'invalid url' });
    if (url.searchParams.get('appid') !== expected.appId || url.searchParams.get('secret') !== expected.secret) {
      return send({ errcode: 40125, errmsg: 'invalid appsecret' });
    }
    if (url.searchParams.get('grant_type') !== 'authorization_code')
      return send({ errcode: 40002, errmsg: 'invalid grant_type' });
    const answer = state.codes.get(url.searchParams.get('js_code') ?? '');
    send(answer ?? { errcode: 40029, errmsg: 'invalid code' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => {
      revoked = new Set();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  });
}
