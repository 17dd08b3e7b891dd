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
  close(): Promise<void>;
}

/**
 * A stand-in for api.weixin.qq.com on 127.0.0.1, speaking its wire format, so the real HTTP
 * client is what the tests exercise.
 */
export async function startFakeWeChat(expected: { appId: string; secret: string }): Promise<FakeWeChat> {
  const state: Omit<FakeWeChat, 'baseUrl' | 'close'> = { requests: [], codes: new Map(), failWithStatus: null };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    state.requests.push(url);
    if (state.failWithStatus) {
      res.writeHead(state.failWithStatus).end('upstream down');
      return;
    }
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname !== '/sns/jscode2session') return send({ errcode: 40066, errmsg: 'invalid url' });
    if (url.searchParams.get('appid') !== expected.appId || url.searchParams.get('secret') !== expected.secret) {
      return send({ errcode: 40125, errmsg: 'invalid appsecret' });
    }
    if (url.searchParams.get('grant_type') !== 'authorization_code') return send({ errcode: 40002, errmsg: 'invalid grant_type' });
    const answer = state.codes.get(url.searchParams.get('js_code') ?? '');
    send(answer ?? { errcode: 40029, errmsg: 'invalid code' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
