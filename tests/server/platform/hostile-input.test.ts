import { buildTestApp, type TestContext } from '../../support/app.js';
import { accessTokenFor, bearer, createTwoScopes, createUser } from '../../fixtures/factories.js';

// Input no person types but an attacker sends: a NUL character in any text, and numbers that are
// not finite. Refused at the root — before any route's code or the database sees them — with a
// 400 in our shape, never a 500.
describe('hostile input: NUL characters and non-finite numbers', () => {
  let t: TestContext;
  let rider: Record<string, string>;
  beforeAll(async () => {
    t = await buildTestApp();
    rider = bearer(accessTokenFor(t.app, await createUser(t.db, 'rider')));
  });
  afterAll(async () => {
    await t.close();
  });

  const expect400 = (res: { statusCode: number; json: () => { code: string; message: string } }, code: string) => {
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
    expect(res.json().message).toMatch(/[\u4e00-\u9fff]/);
  };

  it('NUL in a query string is 400 TEXT_HAS_NUL', async () => {
    const url = '/api/v1/places/search?q=%E9%87%91%00';
    expect400(await t.app.inject({ method: 'GET', url, headers: rider }), 'TEXT_HAS_NUL');
  });

  it('NUL in a path parameter without login (Open311) is 400 in the standard’s error format', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/open311/v2/services/%00.json' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual([{ code: 400, description: expect.stringMatching(/空字符/) }]);
  });

  it('NUL in a JSON body, nested, is 400 TEXT_HAS_NUL naming the field; nothing is written', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/access/profile',
      headers: rider,
      payload: { realName: '王\u0000师傅', phone: '13800001111', platform: 'meituan', station: '站', vehicle: 'ebike' },
    });
    expect400(res, 'TEXT_HAS_NUL');
    expect(res.json().field).toBe('realName');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/access/profile', headers: rider });
    expect(me.json()).toEqual({ profile: null });
  });

  // A number field without its own bounds (the staff map's box, the stations' radius) would take
  // Infinity through to its use case: refused for every route, before any handler.
  it.each(['Infinity', '-Infinity', '1e309'])(
    'a non-finite number (%s) in a query string is 400 NUMBER_NOT_FINITE',
    async (v) => {
      for (const url of [
        `/api/v1/stations/nearby?lat=${v}&lng=116.45`,
        `/api/v1/stations/nearby?lat=39.92&lng=116.45&limit=${v}`,
        `/api/v1/stations/nearby?lat=39.92&lng=116.45&radius=${v}`,
      ]) {
        expect400(await t.app.inject({ method: 'GET', url, headers: rider }), 'NUMBER_NOT_FINITE');
      }
    },
  );

  // JavaScript keeps a subnormal double; PostgreSQL refuses it as out of range (the schema fuzz
  // found `lat=-4.4e-323` a 500 on PostgreSQL only).
  it.each(['-4.4e-323', '5e-324'])('a subnormal number (%s) is 400 NUMBER_OUT_OF_RANGE', async (v) => {
    for (const url of [`/api/v1/stations/nearest?lat=${v}&lng=116.46`, `/api/v1/stations/nearby?lat=${v}&lng=116.45`]) {
      expect400(await t.app.inject({ method: 'GET', url, headers: rider }), 'NUMBER_OUT_OF_RANGE');
    }
  });

  it('NaN is not a number: 400', async () => {
    const url = '/api/v1/stations/nearby?lat=NaN&lng=116.45';
    expect400(await t.app.inject({ method: 'GET', url, headers: rider }), 'VALIDATION_FAILED');
  });

  it('1e999 in a query and in a JSON body is 400 naming the field', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/places/describe?lat=1e999&lng=116.45',
      headers: rider,
    });
    expect(res.statusCode).toBe(400);
    const body = await t.app.inject({
      method: 'POST',
      url: '/api/v1/access/scans',
      headers: { ...rider, 'content-type': 'application/json' },
      payload: '{"code":"x","scannedAt":"2026-12-07T00:00:00Z","location":{"lat":1e999,"lng":116.45,"accuracy":10}}',
    });
    // Refused by the schema's bounds here (or by the guard where a field has none): a 400 either way.
    expect(body.statusCode).toBe(400);
    expect(['VALIDATION_FAILED', 'NUMBER_NOT_FINITE']).toContain(body.json().code);
    expect(body.json().field).toBe('location.lat');
  });

  describe('forged paging cursors', () => {
    let s: Awaited<ReturnType<typeof createTwoScopes>>;
    beforeAll(async () => {
      s = await createTwoScopes(t.db);
    });
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    const dashes = '-'.repeat(36);
    const forged = [
      ['36 dashes as the id', b64(`2026-12-07T00:00:00.000Z|${dashes}`)],
      ['a year-0 instant', b64('0000-01-01T00:00:00.000Z|0b7c1d3e-0000-4000-8000-000000000001')],
      ['a far-future instant', b64('+275760-09-13T00:00:00.000Z|0b7c1d3e-0000-4000-8000-000000000001')],
      ['not base64 at all', '%%%'],
    ] as const;

    it.each(forged)('%s is 400 CURSOR_INVALID on the audit log and the access log', async (_what, cursor) => {
      for (const [url, user] of [
        [`/api/v1/audit?cursor=${encodeURIComponent(cursor)}`, s.districtAdmin],
        [`/api/v1/access/events?cursor=${encodeURIComponent(cursor)}`, s.a.communityAdmin],
      ] as const) {
        const res = await t.app.inject({ method: 'GET', url, headers: bearer(accessTokenFor(t.app, user)) });
        expect400(res, 'CURSOR_INVALID');
      }
    });

    it.each([
      ['36 dashes as the id', b64(JSON.stringify({ k: 1, id: dashes, t: Date.now(), q: 'x' }))],
      [
        'a time PostgreSQL cannot hold',
        b64(JSON.stringify({ k: 1, id: '0b7c1d3e-0000-4000-8000-000000000001', t: 1e300, q: 'x' })),
      ],
    ])('a stations cursor with %s is 400 CURSOR_INVALID', async (_what, cursor) => {
      const url = `/api/v1/stations/nearby?lat=39.92&lng=116.45&cursor=${cursor}`;
      expect400(await t.app.inject({ method: 'GET', url, headers: rider }), 'CURSOR_INVALID');
    });

    it('a points history cursor with 36 dashes is 400 CURSOR_INVALID', async () => {
      const url = `/api/v1/points/history?cursor=${b64(`t1|${dashes}`)}`;
      expect400(await t.app.inject({ method: 'GET', url, headers: rider }), 'CURSOR_INVALID');
    });
  });

  describe('malformed multipart and out-of-range Open311 dates', () => {
    const form = (boundary: string | null) => ({
      'content-type': boundary ? `multipart/form-data; boundary=${boundary}` : 'multipart/form-data',
    });
    const cut = '--xx\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\n\r\nhel';

    it.each([
      ['a report without a boundary', '/api/v1/reports', form(null), 'abc'],
      ['a report whose body is cut short', '/api/v1/reports', form('xx'), cut],
    ])('%s is 400 MULTIPART_INVALID', async (_what, url, headers, payload) => {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...rider, ...headers, 'idempotency-key': crypto.randomUUID() },
        payload,
      });
      expect400(res, 'MULTIPART_INVALID');
    });

    it('an Open311 request whose body is cut short is 400 in the standard’s format, without login', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: form('xx'),
        payload: cut,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual([{ code: 400, description: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    });

    it.each(['start_date', 'end_date'])('Open311 %s=0000-01-01T00:00:00Z is 400, not 500', async (field) => {
      const res = await t.app.inject({ method: 'GET', url: `/open311/v2/requests.json?${field}=0000-01-01T00:00:00Z` });
      expect(res.statusCode).toBe(400);
      // Refused by the validator's date-time format (a year PostgreSQL can store), in Chinese.
      expect(res.json()).toEqual([{ code: 400, description: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    });
  });
});
