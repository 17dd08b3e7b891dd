// Programs the Taro.request double like a tiny server: routes answer by "METHOD /path" (the
// query string is parsed into `query`, not matched).
import Taro from '@tarojs/taro';

interface RequestOptions {
  url: string;
  method?: string;
  data?: Record<string, unknown>;
  header?: Record<string, string>;
}

export interface FakeRequest {
  method: string;
  /** Without the query string; routes match on it. */
  path: string;
  /** Query parameters; a repeated key (`types=a&types=b`) keeps every value. */
  query: Record<string, string[]>;
  body: Record<string, unknown> | undefined;
  authorization: string | undefined;
}

export type FakeReply = { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;
export type Route = (req: FakeRequest) => FakeReply;

export function fakeServer(routes: Record<string, Route>) {
  const calls: FakeRequest[] = [];
  (Taro.request as jest.Mock).mockImplementation(async (o: RequestOptions) => {
    const [path = '', search = ''] = String(o.url).split('?');
    const query: Record<string, string[]> = {};
    new URLSearchParams(search).forEach((value, key) => {
      (query[key] ??= []).push(value);
    });
    const req: FakeRequest = {
      method: o.method ?? 'GET',
      path,
      query,
      body: o.data,
      authorization: o.header?.Authorization,
    };
    calls.push(req);
    const route = routes[`${req.method} ${req.path}`];
    if (!route) return { statusCode: 404, data: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } };
    const reply = await route(req);
    return { statusCode: reply.status, data: reply.body ?? null, header: {} };
  });
  return {
    calls,
    count: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path).length,
  };
}
