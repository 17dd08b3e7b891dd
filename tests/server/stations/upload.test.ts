import { count } from 'drizzle-orm';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createTwoScopes } from '../../fixtures/factories.js';
import { stations } from '../../../server/src/db/schema/index.js';

const MAX = 4096;

/** A multipart/form-data body as a browser would send it (undici's FormData), for app.inject. */
async function form(fields: Record<string, string>, file?: { name: string; content: string; field?: string }) {
  const data = new FormData();
  if (file)
    data.append(file.field ?? 'file', new Blob([file.content], { type: 'application/octet-stream' }), file.name);
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

describe('uploading a stations file (multipart/form-data)', () => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof createTwoScopes>>;
  const total = async () => (await t.db.select({ n: count() }).from(stations))[0]!.n;
  const upload = async (
    user: { id: string; role: string },
    fields: Record<string, string>,
    file?: { name: string; content: string; field?: string },
  ) => {
    const { payload, contentType } = await form(fields, file);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/stations/import',
      headers: { ...bearer(accessTokenFor(t.app, user)), 'content-type': contentType },
      payload,
    });
  };

  beforeAll(async () => {
    t = await buildTestApp({ UPLOAD_MAX_BYTES: String(MAX) });
    s = await createTwoScopes(t.db);
  });
  afterAll(() => t.close());

  const csv = [
    'external_id,name,type,lng,lat,hours,amenities',
    'U1,金台驿站,全时驿站,116.46,39.92,24h,充电|热水',
    'U2,坏坐标,all_day,116.46,95,24h,',
    'U3,团结湖驿站,nuanxin,116.47,39.93,1-5 08:00-22:00; 6-7 22:00-02:00,toilet',
  ].join('\n');

  it('reports a bad row by line and writes nothing; with skipBad writes the good rows', async () => {
    const res = await upload(s.districtAdmin, {}, { name: 'stations.csv', content: csv });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: 3, written: false, inserted: 0, skipped: 3 });
    expect(res.json().badRows).toEqual([{ line: 3, field: 'lat', reason: expect.stringContaining('纬度') }]);
    expect(await total()).toBe(0);

    const partial = await upload(s.districtAdmin, { skipBad: 'true' }, { name: 'stations.csv', content: csv });
    expect(partial.json()).toMatchObject({ rows: 3, written: true, inserted: 2, updated: 0, skipped: 1 });
    expect(await total()).toBe(2);
  });

  it('takes the format from the field, the file name or the content, and honours dryRun', async () => {
    const geojson = `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[116.45,39.91]},"properties":{"external_id":"G1","name":"好","type":"charging","hours":"24h"}}
]}`;
    const before = await total();
    for (const [fields, name, content] of [
      [{}, 'points.geojson', geojson],
      [{ format: 'geojson' }, 'upload.txt', geojson],
      [{}, 'blob', geojson],
      [{}, 'blob', csv.split('\n').slice(0, 2).join('\n').replace('U1', 'C9')],
    ] as const) {
      const res = await upload(s.districtAdmin, { ...fields, dryRun: 'true' }, { name, content });
      expect(res.json()).toMatchObject({ rows: 1, inserted: 1, written: false, badRows: [] });
    }
    expect(await total()).toBe(before);
  });

  it('refuses a file over UPLOAD_MAX_BYTES with 413, writing nothing', async () => {
    const before = await total();
    const rows = Array.from({ length: 120 }, (_, i) => `B${i},大文件驿站${i},all_day,116.46,39.92,24h,`);
    const big = [csv.split('\n')[0], ...rows].join('\n');
    expect(big.length).toBeGreaterThan(MAX);
    expectError(
      await upload(s.districtAdmin, { skipBad: 'true' }, { name: 'big.csv', content: big }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(await total()).toBe(before);
  });

  it('refuses a rider, a form without a file, and unknown fields', async () => {
    expectError(await upload(s.rider, {}, { name: 'stations.csv', content: csv }), 403, 'FORBIDDEN');
    expect(expectError(await upload(s.districtAdmin, { format: 'csv' }), 400, 'VALIDATION_FAILED').field).toBe('file');
    expect(
      expectError(
        await upload(s.districtAdmin, { colour: 'red' }, { name: 'a.csv', content: csv }),
        400,
        'VALIDATION_FAILED',
      ).field,
    ).toBe('colour');
    expect(
      expectError(
        await upload(s.districtAdmin, { skipBad: 'maybe' }, { name: 'a.csv', content: csv }),
        400,
        'VALIDATION_FAILED',
      ).field,
    ).toBe('skipBad');
    expectError(
      await upload(s.districtAdmin, {}, { name: 'a.geojson', content: '{"type":' }),
      400,
      'IMPORT_FILE_INVALID',
    );
  });
});
