import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake city holds, as GeoReport v2 describes it. */
export interface FakeCityRequest {
  service_request_id: string;
  service_code: string;
  description: string;
  lat: number;
  long: number;
  status: 'open' | 'closed';
  status_notes: string | null;
  requested_datetime: string;
  updated_datetime: string;
}

/** What the next POSTs (or GETs) do instead of answering normally, one entry per call. */
export type Fault =
  | { kind: 'status'; status: number; code?: number; description?: string }
  /** Hold the answer this long (longer than the client's timeout = a timeout). */
  | { kind: 'hang'; ms: number }
  /** Create the request, then hang (the city got it; the caller never hears). */
  | { kind: 'create-then-hang'; ms: number };

export interface FakeOpen311 {
  /** The GeoReport v2 base URL (…/open311/v2). */
  baseUrl: string;
  apiKey: string;
  jurisdictionId: string | null;
  /** Every call received: method, path, query and the parsed form of a POST. */
  calls: { method: string; path: string; query: URLSearchParams; form: URLSearchParams | null; contentType: string }[];
  requests: FakeCityRequest[];
  /** Faults the next POST requests.json calls answer with, in order. */
  postFaults: Fault[];
  /** Faults the next GET calls answer with, in order. */
  getFaults: Fault[];
  /** Answer POSTs with a token; the token resolves after `tokenPolls` polls of tokens/{token}.json. */
  answerWithToken: boolean;
  tokenPolls: number;
  /** The city changes a request's status (and notes), as its staff would. */
  setStatus(id: string, status: 'open' | 'closed', notes?: string): void;
  posts(): number;
  close(): Promise<void>;
}

/**
 * A stand-in for a city's Open311 GeoReport v2 server (12345) on 127.0.0.1: parses
 * application/x-www-form-urlencoded POSTs, checks api_key and jurisdiction_id, answers the
 * standard's JSON (arrays; errors as [{code, description}]), issues ids or tokens, filters
 * requests.json by service_request_id (comma list) or service_code + start/end date, and can be
 * told to fail, hang or change a status — so the real client is what the tests exercise.
 */
export async function startFakeOpen311(
  options: { apiKey?: string; jurisdictionId?: string | null; now?: () => Date } = {},
): Promise<FakeOpen311> {
  /** The city's clock (a test shares its own, as two servers keep time in step). */
  const clock = options.now ?? (() => new Date());
  let seq = 1000;
  let bump = 0;
  const tokens = new Map<string, { polls: number; requestId: string }>();
  const sockets = new Set<import('node:net').Socket>();
  const state = {
    apiKey: options.apiKey ?? 'city-key-123',
    jurisdictionId: options.jurisdictionId ?? null,
    calls: [] as FakeOpen311['calls'],
    requests: [] as FakeCityRequest[],
    postFaults: [] as Fault[],
    getFaults: [] as Fault[],
    answerWithToken: false,
    tokenPolls: 1,
  };
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  const error = (res: http.ServerResponse, status: number, code: number, description: string) =>
    json(res, status, [{ code, description }]);
  const hang = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const contentType = String(req.headers['content-type'] ?? '');
    const form = req.method === 'POST' ? new URLSearchParams(raw) : null;
    const path = url.pathname.replace(/^\/open311\/v2/, '');
    state.calls.push({ method: req.method ?? '', path, query: url.searchParams, form, contentType });
    const params = form ?? url.searchParams;
    if (state.jurisdictionId && params.get('jurisdiction_id') !== state.jurisdictionId)
      return error(res, 404, 404, 'jurisdiction_id not found');

    if (req.method === 'POST' && path === '/requests.json') {
      if (!contentType.startsWith('application/x-www-form-urlencoded'))
        return error(res, 400, 400, 'expected application/x-www-form-urlencoded');
      const fault = state.postFaults.shift();
      if (fault?.kind === 'status')
        return error(res, fault.status, fault.code ?? fault.status, fault.description ?? 'failure');
      if (fault?.kind === 'hang') {
        await hang(fault.ms);
        return error(res, 503, 503, 'too late');
      }
      if (form!.get('api_key') !== state.apiKey) return error(res, 403, 403, 'api_key invalid');
      const serviceCode = form!.get('service_code');
      if (!serviceCode) return error(res, 400, 400, 'service_code required');
      const lat = Number(form!.get('lat'));
      const long = Number(form!.get('long'));
      if (!Number.isFinite(lat) || !Number.isFinite(long)) return error(res, 400, 400, 'lat/long required');
      const now = clock().toISOString();
      const request: FakeCityRequest = {
        service_request_id: `SR${++seq}`,
        service_code: serviceCode,
        description: form!.get('description') ?? '',
        lat,
        long,
        status: 'open',
        status_notes: null,
        requested_datetime: now,
        updated_datetime: now,
      };
      state.requests.push(request);
      if (fault?.kind === 'create-then-hang') {
        await hang(fault.ms);
        return json(res, 201, [{ service_request_id: request.service_request_id }]);
      }
      if (state.answerWithToken) {
        const token = `tok-${request.service_request_id}`;
        tokens.set(token, { polls: 0, requestId: request.service_request_id });
        return json(res, 201, [{ token }]);
      }
      return json(res, 201, [{ service_request_id: request.service_request_id, service_notice: '已受理' }]);
    }

    if (req.method === 'GET') {
      const fault = state.getFaults.shift();
      if (fault?.kind === 'status')
        return error(res, fault.status, fault.code ?? fault.status, fault.description ?? 'failure');
      if (fault?.kind === 'hang') {
        await hang(fault.ms);
        return error(res, 503, 503, 'too late');
      }
      const token = /^\/tokens\/([^/]+)\.json$/.exec(path);
      if (token) {
        const t = tokens.get(decodeURIComponent(token[1]!));
        if (!t) return error(res, 404, 404, 'token not found');
        t.polls++;
        if (t.polls < state.tokenPolls) return json(res, 200, [{ token: token[1] }]);
        return json(res, 200, [{ token: token[1], service_request_id: t.requestId }]);
      }
      if (path === '/requests.json') {
        const ids = url.searchParams.get('service_request_id');
        const code = url.searchParams.get('service_code');
        const start = url.searchParams.get('start_date');
        const end = url.searchParams.get('end_date');
        let items = state.requests;
        if (ids) {
          const wanted = new Set(ids.split(','));
          items = items.filter((r) => wanted.has(r.service_request_id));
        } else {
          if (code) items = items.filter((r) => r.service_code === code);
          if (start) items = items.filter((r) => r.requested_datetime >= new Date(start).toISOString());
          if (end) items = items.filter((r) => r.requested_datetime <= new Date(end).toISOString());
        }
        return json(res, 200, items);
      }
    }
    return error(res, 404, 404, 'not found');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${port}/open311/v2`,
    setStatus(id: string, status: 'open' | 'closed', notes?: string) {
      const r = state.requests.find((x) => x.service_request_id === id);
      if (!r) throw new Error(`no request ${id}`);
      r.status = status;
      r.status_notes = notes ?? r.status_notes;
      r.updated_datetime = new Date(clock().getTime() + ++bump * 1000).toISOString();
    },
    posts: () => state.calls.filter((c) => c.method === 'POST').length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}
