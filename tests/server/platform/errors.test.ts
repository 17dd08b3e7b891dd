import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';

const ERROR_KEYS = ['code', 'field', 'message', 'requestId'];

describe('error responses', () => {
  let t: TestContext;
  /** Every error response the tests saw, to check the body shape across all of them. */
  const seen: LightMyRequestResponse[] = [];

  beforeAll(async () => {
    t = await buildTestApp(
      { BODY_LIMIT: '2048', LOGIN_RATE_LIMIT: '1000' },
      {
        beforeReady: (app) => {
          app.get('/boom', async () => {
            throw new Error('db password is hunter2');
          });
        },
      },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const inject = async (opts: InjectOptions): Promise<LightMyRequestResponse> => {
    const res = await t.app.inject(opts);
    if (res.statusCode >= 400) seen.push(res);
    return res;
  };
  const postJson = (url: string, payload: string) =>
    inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });

  it('a malformed JSON body answers 400 BAD_JSON', async () => {
    expectError(await postJson('/api/v1/auth/refresh', '{"refreshToken": '), 400, 'BAD_JSON');
  });

  it('an empty JSON body answers 400 BAD_JSON', async () => {
    expectError(await postJson('/api/v1/auth/refresh', ''), 400, 'BAD_JSON');
  });

  it('a body over BODY_LIMIT answers 413 PAYLOAD_TOO_LARGE', async () => {
    const payload = JSON.stringify({ refreshToken: 'x'.repeat(4096) });
    expectError(await postJson('/api/v1/auth/refresh', payload), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unsupported content type answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: 'refreshToken=abc',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([
    ['GET', '/api/v1/nope'],
    ['GET', '/nope'],
    ['DELETE', '/api/v1/me'],
  ])('%s %s (no such route) answers 404 ROUTE_NOT_FOUND', async (method, url) => {
    expectError(await inject({ method: method as 'GET', url }), 404, 'ROUTE_NOT_FOUND');
  });

  it('a validation error names the offending field (in Chinese in the message)', async () => {
    const missing = expectError(await postJson('/api/v1/auth/refresh', '{}'), 400, 'VALIDATION_FAILED');
    expect(missing.field).toBe('refreshToken');
    expect(missing.message).toBe('请填写登录凭证');
    const extra = expectError(
      await postJson('/api/v1/auth/refresh', JSON.stringify({ refreshToken: 'x'.repeat(20), admin: true })),
      400,
      'VALIDATION_FAILED',
    );
    expect(extra.field).toBe('admin');
    const user = await createUser(t.db, 'district_admin');
    const invalidEnum = await inject({
      method: 'POST',
      url: '/api/v1/auth/invitations',
      headers: bearer(accessTokenFor(t.app, user)),
      payload: { role: 'superuser', displayName: 'x' },
    });
    expect(expectError(invalidEnum, 400, 'VALIDATION_FAILED').field).toBe('role');
  });

  it('an unexpected error answers 500 INTERNAL with the request id and no details; the log has them', async () => {
    const res = await inject({ method: 'GET', url: '/boom' });
    const body = expectError(res, 500, 'INTERNAL');
    expect(body.requestId).toBeDefined();
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('Error');
    const lines = t.logs.filter((l) => l.includes(body.requestId!));
    expect(lines.length).toBeGreaterThan(0);
    const errorLine = lines.map((l) => JSON.parse(l)).find((l) => l.level >= 50);
    expect(errorLine).toBeDefined();
    expect(errorLine.reqId).toBe(body.requestId);
    expect(JSON.stringify(errorLine.err)).toContain('hunter2');
  });

  it('a 500 keeps the client’s sane x-request-id as its request id', async () => {
    const res = await inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'support-ticket-0042' } });
    expect(expectError(res, 500, 'INTERNAL').requestId).toBe('support-ticket-0042');
  });

  it('every error body has only code, message and optionally field and requestId', async () => {
    const user = await createUser(t.db, 'rider');
    const requests: InjectOptions[] = [
      { method: 'GET', url: '/boom' },
      { method: 'GET', url: '/nope' },
      { method: 'GET', url: '/api/v1/me' },
      { method: 'GET', url: '/api/v1/me', headers: bearer('garbage') },
      { method: 'GET', url: '/api/v1/streets/not-a-uuid', headers: bearer(accessTokenFor(t.app, user)) },
      { method: 'GET', url: '/api/v1/communities', headers: bearer(accessTokenFor(t.app, user)) },
      { method: 'POST', url: '/api/v1/auth/refresh', payload: '{', headers: { 'content-type': 'application/json' } },
      { method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: 'z'.repeat(30) } },
      { method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: 'z'.repeat(3000) } },
      { method: 'POST', url: '/api/v1/auth/demo-login', payload: { account: 'nobody' } },
    ];
    for (const req of requests) await inject(req);
    expect(seen.length).toBeGreaterThanOrEqual(requests.length);
    for (const res of seen) {
      const body = res.json();
      expect(typeof body.code).toBe('string');
      expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(Object.keys(body).filter((k) => !ERROR_KEYS.includes(k))).toEqual([]);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
  });
});
