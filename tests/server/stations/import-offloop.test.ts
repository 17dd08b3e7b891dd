// Issue #19: a 20,000-row stations import held the event loop ~1.5 s (parse, row checks and
// placing on the loop). Now they run in a worker thread; and the upload maps form errors the
// same way every multipart reader does (platform/plugins/multipart.ts multipartError).
import { count } from 'drizzle-orm';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError, healthDuring } from '../../support/http.js';
import { accessTokenFor, bearer, createTwoScopes } from '../../fixtures/factories.js';
import { stations } from '../../../server/src/db/schema/index.js';

const ROWS = 20_000;
const header = 'external_id,name,type,lng,lat,hours,amenities';
const bigCsv = () =>
  [
    header,
    ...Array.from(
      { length: ROWS },
      (_, i) => `OFF${i},驿站${i},all_day,${(116.41 + (i % 900) * 1e-4).toFixed(4)},39.92,1-5 08:00-22:00,充电`,
    ),
    // One bad row: the report comes back without writing (no upsert of 20,000 rows to wait for).
    `OFFBAD,坏坐标,all_day,116.46,95,24h,`,
  ].join('\n');

async function form(files: { field: string; name: string; content: string }[], fields: Record<string, string> = {}) {
  const data = new FormData();
  for (const f of files) data.append(f.field, new Blob([f.content], { type: 'text/csv' }), f.name);
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

describe('stations imports run their checks off the event loop', () => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof createTwoScopes>>;
  beforeAll(async () => {
    t = await buildTestApp({ UPLOAD_MAX_BYTES: String(4 * 1024 * 1024), BODY_LIMIT: String(4 * 1024 * 1024) });
    s = await createTwoScopes(t.db);
  });
  afterAll(() => t.close());

  const post = (headers: Record<string, string>, payload: string | Buffer, user = s.districtAdmin) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/stations/import',
      headers: { ...bearer(accessTokenFor(t.app, user)), ...headers },
      payload,
    });

  it('a 20,000-row file (multipart) is parsed, checked and placed while /health answers', async () => {
    const { payload, contentType } = await form([{ field: 'file', name: 'big.csv', content: bigCsv() }], {
      dryRun: 'true',
    });
    const { result, answered } = await healthDuring(t.app, post({ 'content-type': contentType }, payload));
    expect(result.statusCode).toBe(200);
    expect(result.json()).toMatchObject({ rows: ROWS + 1, written: false, inserted: 0, skipped: ROWS + 1 });
    expect(result.json().badRows).toEqual([{ line: ROWS + 2, field: 'lat', reason: expect.stringContaining('纬度') }]);
    expect(answered).toBeGreaterThanOrEqual(3);
    expect((await t.db.select({ n: count() }).from(stations))[0]!.n).toBe(0);
  });

  it('the JSON form too: bad rows, places and scope are still reported by line', async () => {
    const content = [
      header,
      'J1,好驿站,all_day,116.46,39.92,24h,',
      'J2,坐标错,all_day,116.46,95,24h,',
      'J3,区外,all_day,10,10,24h,',
    ].join('\n');
    const { result, answered } = await healthDuring(
      t.app,
      post({ 'content-type': 'application/json' }, JSON.stringify({ format: 'csv', content, dryRun: true })),
    );
    expect(result.statusCode).toBe(200);
    expect(result.json()).toMatchObject({ rows: 3, written: false });
    expect(result.json().badRows.map((b: { line: number; field: string }) => [b.line, b.field])).toEqual([
      [3, 'lat'],
      [4, 'lat'],
    ]);
    expect(answered).toBeGreaterThanOrEqual(1);
    // Outside the caller's scope: the other district's admin gets the row back as out of scope.
    const other = await post(
      { 'content-type': 'application/json' },
      JSON.stringify({ format: 'csv', content: [header, 'J1,好驿站,all_day,116.46,39.92,24h,'].join('\n') }),
      s.otherDistrictAdmin,
    );
    expect(other.json().badRows).toEqual([{ line: 2, field: 'lat', reason: '该驿站不在你负责的范围内' }]);
  });

  it('an unreadable file is a 400 from the worker, not a 500', async () => {
    const res = await post(
      { 'content-type': 'application/json' },
      JSON.stringify({ format: 'geojson', content: '{"type":"FeatureCollection","features":' }),
    );
    expectError(res, 400, 'IMPORT_FILE_INVALID');
  });

  describe('form errors map as for every multipart reader', () => {
    const cut = '--xx\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nexternal_id,na';
    it.each([
      ['no boundary', { 'content-type': 'multipart/form-data' }, 'abc'],
      ['a body cut short', { 'content-type': 'multipart/form-data; boundary=xx' }, cut],
    ])('%s is 400 MULTIPART_INVALID (field file)', async (_what, headers, payload) => {
      expect(expectError(await post(headers, payload), 400, 'MULTIPART_INVALID').field).toBe('file');
    });

    it('two files are 400 "one file only", as on /imports', async () => {
      const f = { field: 'file', name: 'a.csv', content: `${header}\nA,甲,all_day,116.46,39.92,24h,` };
      const { payload, contentType } = await form([f, f]);
      const res = expectError(await post({ 'content-type': contentType }, payload), 400, 'VALIDATION_FAILED');
      expect(res.field).toBe('file');
      expect(res.message).toBe('一次只能上传一个文件');
    });
  });
});
