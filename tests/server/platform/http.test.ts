import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { testEngine } from '../../support/engine.js';

const ALLOWED = 'http://localhost:10086';
const EVIL = 'https://evil.example';

describe('HTTP surface', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** GET that follows same-app redirects, as a browser would. */
  async function follow(url: string, hops = 5): Promise<LightMyRequestResponse> {
    let res = await t.app.inject({ method: 'GET', url });
    for (let i = 0; i < hops && res.statusCode >= 300 && res.statusCode < 400; i++) {
      const location = String(res.headers.location);
      res = await t.app.inject({ method: 'GET', url: new URL(location, `http://localhost${url}`).pathname });
    }
    return res;
  }

  // Route schemas compile on first use (platform/compilers.ts); server.ts compiles them all before
  // listening. Every one compiles, once, and a route answers the same before and after.
  it('compiles every route schema once; validation and answers work either way', async () => {
    const before = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: 1 } });
    expect(before.statusCode).toBe(400);
    expect(before.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const compiled = t.app.compileSchemas();
    expect(compiled).toBeGreaterThan(300);
    expect(t.app.compileSchemas()).toBe(0);
    const after = await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: 1 } });
    expect(after.json()).toEqual(before.json());
    const ok = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(ok.json()).toEqual({ status: 'ready', engine: testEngine() });
  });

  it('GET /health answers 200 ok', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready answers 200 with the database engine', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', engine: testEngine() });
  });

  it('GET /docs/json is an OpenAPI 3 document of the API', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/me', '/api/v1/auth/wx-login', '/api/v1/auth/refresh']),
    );
    expect(doc.paths['/api/v1/me'].get).toBeDefined();
    expect(doc.paths['/api/v1/auth/wx-login'].post).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ErrorBody', 'Me', 'TokenPair']));
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('GET /docs answers an HTML page (after redirects)', async () => {
    const res = await follow('/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/<html/i);
  });

  describe('CORS', () => {
    it('answers a preflight from an allowed origin by echoing it, with credentials', async () => {
      const res = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/me',
        headers: {
          origin: ALLOWED,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(res.statusCode).toBeLessThan(300);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(String(res.headers['access-control-allow-methods'])).toContain('GET');
      expect(res.headers.vary).toMatch(/origin/i);
    });

    it('echoes an allowed origin on the actual request, even an error response', async () => {
      for (const url of ['/health', '/api/v1/me']) {
        const res = await t.app.inject({ method: 'GET', url, headers: { origin: ALLOWED } });
        expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
        expect(res.headers['access-control-allow-credentials']).toBe('true');
        expect(String(res.headers['access-control-expose-headers'])).toContain('x-request-id');
      }
    });

    it.each([EVIL, 'http://localhost.evil.example', 'http://localhost:10086.evil.example', 'null'])(
      'gives a disallowed origin (%s) no allow-origin header',
      async (origin) => {
        const preflight = await t.app.inject({
          method: 'OPTIONS',
          url: '/api/v1/me',
          headers: { origin, 'access-control-request-method': 'GET' },
        });
        expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
        const actual = await t.app.inject({ method: 'GET', url: '/health', headers: { origin } });
        expect(actual.headers['access-control-allow-origin']).toBeUndefined();
      },
    );
  });

  it('sends helmet’s security headers, on errors too', async () => {
    for (const url of ['/health', '/api/v1/me', '/api/v1/nope']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('gives /api responses a strict CSP and cache-control no-store, errors included', async () => {
    for (const url of ['/api/v1/me', '/api/v1/nope', '/api/v1/auth/demo-accounts']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-store');
    }
    // Outside /api (docs, H5) the API's CSP would break inline bootstraps.
    const docs = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.headers['content-security-policy']).toBeUndefined();
  });

  it('echoes a sane client x-request-id and replaces an unsafe one', async () => {
    const sane = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'client-req-12345' } });
    expect(sane.headers['x-request-id']).toBe('client-req-12345');
    for (const bad of ['short', 'has spaces in it ok', 'x'.repeat(65), 'inject\nlog-line']) {
      const res = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const none = await t.app.inject({ method: 'GET', url: '/health' });
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
