import { sql } from 'drizzle-orm';
import { maskPii } from '../../../server/src/platform/logging.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';

describe('error log lines', () => {
  it('mask personal numbers quoted in an error message and stack', async () => {
    const t = await buildTestApp(
      {},
      {
        beforeReady: (app) => {
          app.get('/explode', async () => {
            throw new Error('bad input 13812345678 / 110105199001011234');
          });
        },
      },
    );
    try {
      const res = await t.app.inject({ method: 'GET', url: '/explode' });
      expect(res.statusCode).toBe(500);
      const written = t.logs.join('');
      expect(written).toContain('138****5678');
      expect(written).not.toContain('13812345678');
      expect(written).not.toContain('110105199001011234');
    } finally {
      await t.close();
    }
  });
});

describe('a database error in the log', () => {
  it('carries neither the full phone nor the ID number it was given as query parameters', async () => {
    const t = await buildTestApp(
      {},
      {
        beforeReady: (app) => {
          // A write that fails in the database with personal numbers among its parameters, as a
          // profile update that breaks a constraint does: the driver's error keeps the parameters.
          app.get('/db-explode', async () => {
            await app.db.execute(sql`select ${'13812345678'}::int, ${'110105199001011234'}::int`);
            return 'unreachable';
          });
        },
      },
    );
    try {
      const res = await t.app.inject({ method: 'GET', url: '/db-explode' });
      expect(res.statusCode).toBe(500);
      const written = t.logs.join('');
      expect(written).toContain('unhandled error');
      expect(written).not.toContain('13812345678');
      expect(written).not.toContain('110105199001011234');
    } finally {
      await t.close();
    }
  });
});

describe('maskPii', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['电话 19987654321，谢谢', '电话 199****4321，谢谢'],
    ['a=13812345678&b=15900001111', 'a=138****5678&b=159****1111'],
    ['call13812345678now', 'call138****5678now'],
  ])('masks the mobile number in %j', (input, expected) => {
    expect(maskPii(input)).toBe(expected);
  });

  it.each([
    ['110105199001011234', '110105********1234'],
    ['11010519900101123X', '110105********123X'],
    ['11010519900101123x', '110105********123x'],
    ['身份证 110105199001011234。', '身份证 110105********1234。'],
    ['id=110105199001011234&x=1', 'id=110105********1234&x=1'],
    // Glued to letters (a query key without `=`, or an ID inside a token-like string): privacy
    // wins over leaving such strings intact.
    ['idNumber110105199001011234', 'idNumber110105********1234'],
    ['a110105199001011234b', 'a110105********1234b'],
  ])('masks the 18-character ID number in %j', (input, expected) => {
    expect(maskPii(input)).toBe(expected);
  });

  it.each([
    ['a 12-digit run', '213812345678'],
    ['a 13-digit run', '1381234567890'],
    ['a 19-digit run', '1101051990010112345'],
    ['an order number', 'order 20240101138123456789'],
    ['a 10-digit number', '1381234567'],
    ['a number not starting 13-19', '12345678901'],
    ['a uuid', '3f2a9c1e-1381-2345-6781-381234567890'],
  ])('leaves %s alone', (_label, input) => {
    expect(maskPii(input)).toBe(input);
  });

  it('masks several numbers in one string and is idempotent', () => {
    const once = maskPii('13812345678 / 110105199001011234 / 13900001111');
    expect(once).toBe('138****5678 / 110105********1234 / 139****1111');
    expect(maskPii(once)).toBe(once);
  });
});

describe('request logs', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('do not keep phone or ID numbers from the URL query', async () => {
    const phone = '13812345678';
    const idNumber = '11010519900101123X';
    for (const url of [`/health?phone=${phone}&idNumber=${idNumber}`, `/api/v1/nope?q=${phone}&id=${idNumber}`]) {
      const before = t.logs.length;
      await t.app.inject({ method: 'GET', url });
      const written = t.logs.slice(before).join('');
      expect(written).toContain('138****5678'); // the request was logged, masked
      expect(written).toContain('110105********123X');
      expect(written).not.toContain(phone);
      expect(written).not.toContain(idNumber);
    }
  });

  it('do not keep tokens or codes from the URL query', async () => {
    const before = t.logs.length;
    await t.app.inject({
      method: 'GET',
      url: '/health?code=wx-code-SECRET1&token=tok-SECRET2&refreshToken=rt-SECRET3',
    });
    const written = t.logs.slice(before).join('');
    expect(written).toContain('/health');
    expect(written).not.toMatch(/SECRET\d/);
  });

  it('never contain the Authorization header', async () => {
    const user = await createUser(t.db, 'rider');
    const token = accessTokenFor(t.app, user);
    const before = t.logs.length;
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { ...bearer(token), cookie: 'sid=COOKIE-SECRET' },
    });
    expect(res.statusCode).toBe(200);
    // A request that fails authentication is logged too.
    await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(`${token}tampered`) });
    const written = t.logs.slice(before).join('');
    expect(written).toContain('/api/v1/me');
    expect(written).not.toContain(token);
    expect(written).not.toMatch(/bearer/i);
    expect(written).not.toContain('COOKIE-SECRET');
  });
});

describe('a request’s own log lines', () => {
  let t: TestContext;

  beforeAll(async () => {
    // LOG_LEVEL is info in tests (support/app.ts).
    t = await buildTestApp(
      {},
      {
        beforeReady: (app) => {
          app.get('/log-lines', async (request) => {
            request.log.debug({ step: 'hidden' }, 'below the level');
            request.log.warn({ body: { phone: '13812345678', note: 'kept' } }, 'rider 13900001111 warned');
            return { ok: true };
          });
          app.get('/log-lines/verbose', { logLevel: 'debug' }, async (request) => {
            request.log.debug({ step: 'shown' }, 'route level');
            return { ok: true };
          });
        },
      },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const linesOf = async (url: string, requestId: string) => {
    const before = t.logs.length;
    const res = await t.app.inject({ method: 'GET', url, headers: { 'x-request-id': requestId } });
    expect(res.statusCode).toBe(200);
    return t.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
  };

  it('carry the request id and are redacted and masked', async () => {
    const lines = await linesOf('/log-lines', 'log-test-quiet-0001');
    const warned = lines.find((l) => l.msg === 'rider 139****1111 warned');
    expect(warned).toMatchObject({
      reqId: 'log-test-quiet-0001',
      level: 40,
      body: { phone: '[REDACTED]', note: 'kept' },
    });
    expect(lines.some((l) => l.msg === 'incoming request' && l.reqId === 'log-test-quiet-0001')).toBe(true);
    expect(lines.some((l) => l.msg === 'below the level')).toBe(false);
    expect(JSON.stringify(lines)).not.toContain('13812345678');
  });

  it('follow a route’s own log level', async () => {
    const lines = await linesOf('/log-lines/verbose', 'log-test-verbose-0001');
    expect(lines.find((l) => l.msg === 'route level')).toMatchObject({
      reqId: 'log-test-verbose-0001',
      level: 20,
      step: 'shown',
    });
  });
});
