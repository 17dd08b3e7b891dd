import { buildTestApp, type TestContext } from '../../support/app.js';

// Paths the router refuses before any route runs keep the one error shape (a code and a Chinese
// message) — under /open311/v2 the standard's `[{code, description}]` — and never echo the path back.
describe('bad URLs', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['bad percent-encoding in a path parameter', '/api/v1/stations/%E0%A4%A'],
    ['an over-long id', `/api/v1/stations/${'a'.repeat(600)}`],
  ])('%s: 400 BAD_URL in our shape, the path not echoed', async (_what, url) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'BAD_URL', message: '网址格式不正确' });
    expect(res.body).not.toContain('%');
    expect(res.body).not.toContain('aaaa');
  });

  it('bad percent-encoding without login on Open311: 400 in the standard’s error shape, the path not echoed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/open311/v2/services/%zz.json' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual([{ code: 400, description: '网址格式不正确' }]);
    expect(res.body).not.toContain('%');
  });
});
