import net from 'node:net';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ROLES, type Role } from '@nuanxin/shared/auth/constants';
import { seedId } from '../../../server/src/seed/demo.js';
import { accessTokenFor } from '../../fixtures/factories.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { startFakeWeChat, type FakeWeChat } from '../../support/fake-wechat.js';
import { ACCESS_MATRIX, type Access } from './access-matrix.js';

// Schema fuzz (#19): for every route and method of the OpenAPI document, requests that are wrong
// on purpose — wrong types, missing and extra fields, NUL, huge and non-finite numbers, bad uuids
// and cursors, injection strings, wrong content types, empty and malformed multipart — sent as a
// role that passes the route's guard, so they reach validation and the handlers. Every answer must
// be below 500 and, when an error, in our shape `{ code, message }` (Open311: the standard's error
// array may be used instead). Afterwards a raw keep-alive connection must still be answered.
//
// The seed is fixed per run and printed; FUZZ_SEED=<n> reruns one. FUZZ_RUNS sets the number of
// generated requests per operation (default 12, on top of the fixed content-type cases).

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  minProperties?: number;
  nullable?: boolean;
  pattern?: string;
  $ref?: string;
};
interface Parameter {
  in: 'query' | 'path' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  path: string;
  route: string;
  parameters: Parameter[];
  body?: Schema;
  access: Access;
}

// A demo resource for a uuid parameter, so a valid baseline reaches real rows: in the caller's scope.
const OWN_IDS: Record<string, string> = {
  community: seedId('community:C-HJL-01'),
  street: seedId('street:110105004'),
  merchant: seedId('merchant:M-HJL-BARBER'),
  gate: seedId('gate:C-HJL-01:north'),
  team: seedId('team:110105004'),
  category: seedId('category:pothole'),
};

/** A value the schema accepts (a plausible one: Beijing for coordinates, a demo id for uuids). */
function sample(schema: Schema, name = '', resolve: (s: Schema) => Schema): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return sample(alt[0]!, name, resolve);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((x) => sample(x, name, resolve) as object));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = Object.entries(s.properties ?? {});
      const required = new Set(s.required ?? []);
      for (const [k, v] of props) if (required.has(k)) out[k] = sample(v, k, resolve);
      if (Object.keys(out).length < (s.minProperties ?? 0)) {
        for (const [k, v] of props) if (!(k in out)) out[k] = sample(v, k, resolve);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}, name, resolve));
    case 'integer':
    case 'number': {
      if (/lat|south|north/i.test(name)) return 39.92;
      if (/lng|long|west|east/i.test(name)) return 116.46;
      const lo = s.minimum ?? 1;
      return s.maximum !== undefined && lo > s.maximum ? s.maximum : Math.max(lo, Math.min(1, s.maximum ?? 1));
    }
    case 'boolean':
      return false;
    case 'string': {
      if (s.format === 'uuid') {
        const kind = Object.keys(OWN_IDS).find((k) => name.toLowerCase().includes(k));
        return kind ? OWN_IDS[kind] : seedId('community:C-HJL-01');
      }
      if (s.format === 'date-time') return '2026-12-07T08:00:00.000Z';
      if (s.format === 'date') return '2026-12-07';
      const len = Math.max(s.minLength ?? 1, 1);
      return 'a'.repeat(s.maxLength !== undefined ? Math.min(len, s.maxLength) : len);
    }
    default:
      return null;
  }
}

// Non-finite numbers cannot be written by JSON.stringify: a marker string is swapped for the
// raw text after serialising, so the body carries `1e999` as a number literal.
const RAW = (text: string) => `\u0001RAW:${text}\u0001`;
const unraw = (json: string) => json.replace(/"\\u0001RAW:([^"\\]*)\\u0001"/g, '$1');

const b64 = (text: string) => Buffer.from(text).toString('base64url');

const hostileStrings = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '',
  ' ',
  'x'.repeat(5000),
  "' OR '1'='1' --",
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '\uD800',
  '😀'.repeat(50),
  '-'.repeat(36),
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '2026-13-45T25:61:61Z',
  'Infinity',
  '-Infinity',
  'NaN',
  '1e309',
  '-0',
  '9007199254740993',
  b64('2026-12-07T00:00:00.000Z|' + '-'.repeat(36)),
  b64(JSON.stringify({ k: 1, id: '-'.repeat(36), t: 1e300, q: 'x' })),
  b64('{"__proto__":{"x":1}}'),
  '%%%',
  'true',
  'null',
  '[]',
  '{}',
);
const hostileNumbers = fc.constantFrom(
  RAW('1e999'),
  RAW('-1e999'),
  RAW('1e-400'),
  RAW('-0'),
  1e308,
  -1e308,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  -1,
  0,
  0.5,
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileStrings },
  { weight: 3, arbitrary: hostileNumbers },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { __proto__: null, constructor: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }) },
);

/** A string form of a hostile value, for a query or a path. */
const asText = (v: unknown): string =>
  typeof v === 'string'
    ? v.replace(/^\u0001RAW:(.*)\u0001$/, '$1')
    : typeof v === 'object'
      ? JSON.stringify(v)
      : String(v);

type Mutation =
  | { at: 'query'; name: string; value: unknown }
  | { at: 'query-extra'; name: string; value: unknown }
  | { at: 'query-drop'; name: string }
  | { at: 'query-repeat'; name: string }
  | { at: 'path'; name: string; value: unknown }
  | { at: 'body-field'; keyPath: string[]; value: unknown }
  | { at: 'body-drop'; keyPath: string[] }
  | { at: 'body-extra'; keyPath: string[]; name: string; value: unknown }
  | { at: 'body-whole'; value: unknown };

/** Key paths of the baseline body's object members (nested ones too), for targeted changes. */
function keyPaths(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...keyPaths(v, [...prefix, k])]);
}

function mutations(op: Operation, baseline: unknown): fc.Arbitrary<Mutation> {
  const options: fc.Arbitrary<Mutation>[] = [];
  const query = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const path = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const extraName = fc.constantFrom('__proto__', 'constructor', 'extra', 'a'.repeat(300), '');
  if (query.length > 0) {
    const name = fc.constantFrom(...query);
    options.push(
      fc.record({ at: fc.constant('query' as const), name, value: hostileValue }),
      fc.record({ at: fc.constant('query-drop' as const), name }),
      fc.record({ at: fc.constant('query-repeat' as const), name }),
    );
  }
  options.push(fc.record({ at: fc.constant('query-extra' as const), name: extraName, value: hostileValue }));
  if (path.length > 0) {
    options.push(fc.record({ at: fc.constant('path' as const), name: fc.constantFrom(...path), value: hostileValue }));
  }
  if (op.body) {
    const keys = keyPaths(baseline);
    if (keys.length > 0) {
      const keyPath = fc.constantFrom(...keys);
      options.push(
        fc.record({ at: fc.constant('body-field' as const), keyPath, value: hostileValue }),
        fc.record({ at: fc.constant('body-drop' as const), keyPath }),
      );
    }
    options.push(
      fc.record({
        at: fc.constant('body-extra' as const),
        keyPath: keys.length > 0 ? fc.constantFrom<string[]>([], ...keys) : fc.constant<string[]>([]),
        name: extraName,
        value: hostileValue,
      }),
      fc.record({ at: fc.constant('body-whole' as const), value: hostileValue }),
    );
  }
  return fc.oneof(...options);
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

function setAt(target: unknown, keyPath: string[], fn: (parent: Record<string, unknown>, key: string) => void) {
  let node = target as Record<string, unknown>;
  for (const k of keyPath.slice(0, -1)) {
    if (!node || typeof node[k] !== 'object' || node[k] === null) return;
    node = node[k] as Record<string, unknown>;
  }
  if (node && typeof node === 'object') fn(node, keyPath[keyPath.length - 1]!);
}

interface Req {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const BOUNDARY = '----nx-fuzz';
/** Fixed cases for every POST/PUT/PATCH: wrong content types and broken bodies. */
const CONTENT_CASES: { what: string; type?: string; body: string }[] = [
  { what: 'text/plain', type: 'text/plain', body: 'hello' },
  { what: 'XML', type: 'application/xml', body: '<a><b>1</b></a>' },
  { what: 'form', type: 'application/x-www-form-urlencoded', body: 'a=1&b=%00&c=%E0%A4%A' },
  { what: 'malformed JSON', type: 'application/json', body: '{"a":' },
  { what: 'JSON null', type: 'application/json', body: 'null' },
  { what: 'JSON with __proto__', type: 'application/json', body: '{"__proto__":{"isAdmin":true},"constructor":{}}' },
  { what: 'deep JSON', type: 'application/json', body: '['.repeat(5000) + ']'.repeat(5000) },
  { what: 'empty JSON body', type: 'application/json', body: '' },
  { what: 'no content type', body: '{}' },
  { what: 'multipart without boundary', type: 'multipart/form-data', body: 'x' },
  { what: 'empty multipart', type: `multipart/form-data; boundary=${BOUNDARY}`, body: `--${BOUNDARY}--\r\n` },
  {
    what: 'truncated multipart',
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff`,
  },
  {
    what: 'multipart with a NUL field and a non-image file',
    type: `multipart/form-data; boundary=${BOUNDARY}`,
    body:
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="description"\r\n\r\na\u0000b\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="lat"\r\n\r\n1e999\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/plain\r\n\r\n=cmd|' /C calc'!A0\r\n` +
      `--${BOUNDARY}--\r\n`,
  },
  { what: 'JSON with a wrong charset', type: 'application/json; charset=utf-16', body: '{}' },
];

const CHINESE = /[\u4e00-\u9fff]/;
const ERROR_KEYS = new Set(['code', 'message', 'field', 'requestId']);

/** What is wrong with an answer (undefined: fine). */
function problem(route: string, status: number, contentType: string, body: string): string | undefined {
  if (status >= 500) return `status ${status}: ${body.slice(0, 300)}`;
  if (status < 400) return undefined;
  if (route.startsWith('/open311/') && /\.xml$/.test(route)) return open311XmlProblem(status, body);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return `error ${status} not JSON (${contentType}): ${body.slice(0, 200)}`;
  }
  if (route.startsWith('/open311/') && Array.isArray(json)) {
    const ok = json.every(
      (e) => e && typeof e === 'object' && e.code === status && CHINESE.test(String(e.description)),
    );
    return ok ? undefined : `Open311 error array malformed: ${body.slice(0, 200)}`;
  }
  const e = json as Record<string, unknown>;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.message !== 'string') {
    return `error ${status} not {code, message}: ${body.slice(0, 200)}`;
  }
  if (!CHINESE.test(e.message)) return `error ${status} ${e.code}: message not Chinese: ${e.message}`;
  const extra = Object.keys(e).filter((k) => !ERROR_KEYS.has(k));
  if (extra.length > 0) return `error ${status} ${e.code}: extra keys ${extra.join(',')}`;
  return undefined;
}

/** An Open311 `.xml` endpoint answers errors as the standard's `<errors><error>` with Chinese text. */
function open311XmlProblem(status: number, body: string): string | undefined {
  if (XMLValidator.validate(body) !== true) return `error ${status} not XML: ${body.slice(0, 200)}`;
  const errors = [new XMLParser({ isArray: (name) => name === 'error' }).parse(body)?.errors?.error ?? []].flat();
  const ok =
    errors.length > 0 &&
    errors.every(
      (e: { code?: unknown; description?: unknown }) => e.code === status && CHINESE.test(String(e.description)),
    );
  return ok ? undefined : `Open311 XML error malformed: ${body.slice(0, 200)}`;
}

describe('schema fuzz: malformed requests for every route', () => {
  let t: TestContext;
  let wechat: FakeWeChat;
  let ops: Operation[];
  const tokens = new Map<Role, string>();
  const failures: string[] = [];
  let sent = 0;
  const spent = new Map<string, number>();

  beforeAll(async () => {
    console.log(`schema fuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);
    // WeChat on 127.0.0.1, so the login routes reach their handlers instead of a 503 "unreachable".
    wechat = await startFakeWeChat({
      appId: 'wx-fuzz',
      secret: 'fuzz-secret',
      webAppId: 'wx-fuzz-oa',
      webSecret: 'oa-secret',
    });
    t = await buildTestApp(
      {
        DEMO_MODE: 'true',
        LOGIN_RATE_LIMIT: '100000',
        ACCESS_SCAN_RATE_LIMIT: '100000',
        WECHAT_API_BASE: wechat.baseUrl,
        WECHAT_APP_ID: 'wx-fuzz',
        WECHAT_APP_SECRET: 'fuzz-secret',
        WECHAT_OA_APP_ID: 'wx-fuzz-oa',
        WECHAT_OA_APP_SECRET: 'oa-secret',
        WECHAT_OAUTH_AUTHORIZE_URL: `${wechat.baseUrl}/connect/oauth2/authorize`,
      },
      { demo: true },
    );
    const table = new Map<string, Access>(Object.values(ACCESS_MATRIX).flatMap((rows) => Object.entries(rows)));
    const doc = t.app.swagger() as unknown as {
      paths: Record<
        string,
        Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: Schema }> } }>
      >;
    };
    ops = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        // Takes no input and cuts off every token of its caller.
        if (route === 'POST /api/v1/auth/logout-all') continue;
        const access = table.get(route);
        if (!access) throw new Error(`${route} is not in the access matrix`);
        ops.push({
          method: method.toUpperCase(),
          path,
          route,
          parameters: op.parameters ?? [],
          body: op.requestBody?.content?.['application/json']?.schema,
          access,
        });
      }
    }
    for (const role of ROLES) {
      tokens.set(role, accessTokenFor(t.app, { id: seedId(`user:${role}`), role }));
    }
  });
  afterAll(async () => {
    const slowest = [...spent].sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(`schema fuzz: ${sent} requests (FUZZ_SEED=${SEED}); slowest routes (ms): ${JSON.stringify(slowest)}`);
    await t?.close();
    await wechat?.close();
  });

  const resolve = (s: Schema): Schema => s;

  /** The role a route's requests go as: one its guard lets through (its first), or none when public. */
  const roleOf = (access: Access): Role | undefined =>
    access.who === 'public' ? undefined : access.who === 'any' ? 'rider' : (access.own ?? access.who)[0];

  async function send(op: Operation, req: Req, what: string): Promise<void> {
    sent++;
    const started = Date.now();
    const res = await t.app.inject({
      method: req.method as 'GET',
      url: req.url,
      headers: req.headers,
      ...(req.payload !== undefined ? { payload: req.payload } : {}),
    });
    spent.set(op.route, (spent.get(op.route) ?? 0) + Date.now() - started);
    const p = problem(op.path, res.statusCode, String(res.headers['content-type'] ?? ''), res.body);
    if (p) failures.push(`${op.route} [${what}] ${req.method} ${req.url.slice(0, 200)} → ${p}`);
    return undefined;
  }

  function build(op: Operation, m: Mutation | undefined, baselineBody: unknown): Req {
    const role = roleOf(op.access);
    const headers: Record<string, string> = role ? { authorization: `Bearer ${tokens.get(role)}` } : {};
    const pathValues: Record<string, string> = {};
    for (const p of op.parameters.filter((x) => x.in === 'path'))
      pathValues[p.name] = asText(sample(p.schema, p.name, resolve));
    const query = new URLSearchParams();
    for (const p of op.parameters.filter((x) => x.in === 'query' && x.required)) {
      const v = sample(p.schema, p.name, resolve);
      for (const item of Array.isArray(v) ? v : [v]) query.append(p.name, asText(item));
    }
    let body = clone(baselineBody);
    if (m) {
      switch (m.at) {
        case 'query':
        case 'query-extra':
          query.set(m.name, asText(m.value));
          break;
        case 'query-drop':
          query.delete(m.name);
          break;
        case 'query-repeat':
          query.append(m.name, query.get(m.name) ?? '1');
          query.append(m.name, '2');
          break;
        case 'path':
          pathValues[m.name] = asText(m.value);
          break;
        case 'body-field':
          setAt(body, m.keyPath, (o, k) => (o[k] = m.value));
          break;
        case 'body-drop':
          setAt(body, m.keyPath, (o, k) => delete o[k]);
          break;
        case 'body-extra':
          if (m.keyPath.length === 0 && body && typeof body === 'object')
            (body as Record<string, unknown>)[m.name] = m.value;
          else setAt(body, [...m.keyPath, m.name], (o, k) => (o[k] = m.value));
          break;
        case 'body-whole':
          body = m.value;
          break;
      }
    }
    const url =
      op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathValues[name] ?? 'x')) +
      (query.toString() ? `?${query.toString()}` : '');
    if (!op.body) return { method: op.method, url, headers };
    return {
      method: op.method,
      url,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: unraw(JSON.stringify(body ?? null)),
    };
  }

  // One test per job (the access matrix's groups), so each has its own time budget and report.
  it.each(Object.keys(ACCESS_MATRIX))(
    '%s: every malformed request is answered below 500, in the error shape',
    async (job) => {
      const before = failures.length;
      for (const [i, op] of ops.entries()) {
        if (!(op.route in ACCESS_MATRIX[job]!)) continue;
        const baselineBody = op.body ? sample(op.body, '', resolve) : undefined;
        // The baseline itself: valid-ish, it may succeed or be refused, never a 500.
        await send(op, build(op, undefined, baselineBody), 'baseline');
        await fc
          .assert(
            fc.asyncProperty(mutations(op, baselineBody), async (m) => {
              const seen = failures.length;
              await send(op, build(op, m, baselineBody), JSON.stringify(m).slice(0, 160));
              return failures.length === seen;
            }),
            // One seed per operation, derived from the run's seed, so one route's failure replays alone.
            // A route that takes no input gets only unknown query parameters: one suffices.
            { seed: SEED + i, numRuns: op.parameters.length > 0 || op.body ? RUNS : 1, endOnFailure: true },
          )
          .catch(() => undefined); // recorded in `failures`; the other routes still run
        if (!['POST', 'PUT', 'PATCH'].includes(op.method)) continue;
        const base = build(op, undefined, baselineBody);
        for (const c of CONTENT_CASES) {
          const headers = { ...base.headers };
          delete headers['content-type'];
          if (c.type) headers['content-type'] = c.type;
          await send(op, { method: op.method, url: base.url, headers, payload: Buffer.from(c.body, 'latin1') }, c.what);
        }
      }
      const mine = [...new Set(failures.slice(before))].slice(0, 40);
      expect({ seed: SEED, failures: mine }).toEqual({ seed: SEED, failures: [] });
    },
  );

  it('still answers on a raw keep-alive connection afterwards', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (t.app.server.address() as AddressInfo).port;
    const answers = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let text = '';
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        resolve(text);
      };
      const timer = setTimeout(done, 10_000);
      socket.on('data', (chunk) => {
        text += chunk.toString('latin1');
        if ((text.match(/HTTP\/1\.1 \d{3}/g) ?? []).length >= 2) done();
      });
      socket.on('error', () => undefined);
      const bad = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="x"\r\n\r\n\u0000`, 'latin1');
      socket.write(
        `POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n` +
          `Authorization: Bearer ${tokens.get('rider')}\r\n` +
          `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${bad.length}\r\n\r\n`,
      );
      socket.write(bad);
      socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    });
    const statuses = [...answers.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    expect(statuses).toEqual([400, 200]);
  });
});
