import { buildTestApp, type TestContext } from '../../support/app.js';

// The answers of the fault tests, for every shape the errors arrive in (drizzle wraps the
// driver's error in `cause`), on both engines: the child-process tests cover the real faults.
describe('fault errors map to clear answers, never 500', () => {
  let t: TestContext;
  const wrapped = (cause: Error) => Object.assign(new Error('Failed query: select 1'), { cause });
  const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });
  const sqlstate = (code: string) => Object.assign(new Error('terminating connection'), { code });
  const cases: [string, Error, number, string][] = [
    ['dropped connection', wrapped(new Error('Connection terminated unexpectedly')), 503, 'DB_UNAVAILABLE'],
    ['refused connect', errno('ECONNREFUSED'), 503, 'DB_UNAVAILABLE'],
    ['reset', wrapped(errno('ECONNRESET')), 503, 'DB_UNAVAILABLE'],
    ['admin shutdown 57P01', wrapped(sqlstate('57P01')), 503, 'DB_UNAVAILABLE'],
    ['starting up 57P03', sqlstate('57P03'), 503, 'DB_UNAVAILABLE'],
    ['connection failure 08006', wrapped(sqlstate('08006')), 503, 'DB_UNAVAILABLE'],
    ['too many connections 53300', sqlstate('53300'), 503, 'DB_UNAVAILABLE'],
    ['pool timeout', new Error('timeout exceeded when trying to connect'), 503, 'DB_UNAVAILABLE'],
    ['disk full', errno('ENOSPC'), 507, 'STORAGE_FULL'],
    ['quota', errno('EDQUOT'), 507, 'STORAGE_FULL'],
    ['file too large', errno('EFBIG'), 507, 'STORAGE_FULL'],
    // Not faults of what the API stands on: still a 500.
    ['unique violation', wrapped(sqlstate('23505')), 500, 'INTERNAL'],
    ['bug', new Error('boom'), 500, 'INTERNAL'],
  ];

  beforeAll(async () => {
    t = await buildTestApp(
      {},
      {
        beforeReady: (app) => {
          app.get('/fault/:n', async (request) => {
            throw cases[Number((request.params as { n: string }).n)]![1];
          });
        },
      },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(cases.map((c, i) => [c[0], i, c[2], c[3]] as const))('%s → %s %s', async (_name, i, status, code) => {
    const res = await t.app.inject({ method: 'GET', url: `/fault/${i}` });
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(body.code).toBe(code);
    expect(body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(body.requestId).toEqual(expect.any(String));
    if (status === 503) expect(res.headers['retry-after']).toMatch(/^\d+$/);
    // Nothing of the error's own text reaches the client.
    expect(res.body).not.toMatch(/ECONN|terminated|57P0|ENOSPC|EFBIG/);
  });
});
