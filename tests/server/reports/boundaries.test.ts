import { eq } from 'drizzle-orm';
import { reports, streets } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { call, createReportWorld, submit, type ReportWorld } from '../../fixtures/reports.js';

/** A GeoJSON FeatureCollection (as file text) with one rectangle per street code. */
const geojson = (features: { code: string; ring: number[][] }[]) =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: features.map((f) => ({
      type: 'Feature',
      properties: { code: f.code, name: '任意' },
      geometry: { type: 'Polygon', coordinates: [f.ring] },
    })),
  });
const rect = (w: number, s: number, e: number, n: number) => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];

describe('street boundaries uploaded through the API (district admins)', () => {
  let t: TestContext;
  let w: ReportWorld;
  beforeAll(async () => {
    t = await buildTestApp({ UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) });
    w = await createReportWorld(t.db);
  });
  afterAll(async () => t.close());

  const upload = (content: string, user = w.adminA, dryRun?: boolean) =>
    call(t.app, user, 'POST', '/api/v1/streets/boundaries', { content, ...(dryRun === undefined ? {} : { dryRun }) });
  const boundaryOf = async (id: string) => (await t.db.select().from(streets).where(eq(streets.id, id)))[0]!.boundary;

  it('lists the streets an admin or operator manages, with whether each has a boundary', async () => {
    const mine = (await call(t.app, w.adminA, 'GET', '/api/v1/streets')).json().items;
    expect(mine.map((s: { id: string }) => s.id).sort()).toEqual([w.a1.id, w.a2.id].sort());
    expect(mine[0].hasBoundary).toBe(true);
    const op = (await call(t.app, w.operatorA2, 'GET', '/api/v1/streets')).json().items;
    expect(op.map((s: { id: string }) => s.id)).toEqual([w.a2.id]);
  });

  it('moves a boundary; new reports follow it, reports already filed keep their street', async () => {
    const filed = (
      await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.districtQueue })
    ).json().report;
    expect(filed.streetId).toBeNull();
    // A2 grows east over the strip that was the district queue.
    const dry = await upload(geojson([{ code: w.a2.code, ring: rect(116.44, 39.9, 116.49, 39.95) }]), w.adminA, true);
    expect(dry.json()).toEqual({
      dryRun: true,
      updated: 0,
      streets: [{ code: w.a2.code, name: '甲二街道', points: 4 }],
    });
    expect(await boundaryOf(w.a2.id)).toHaveLength(4);
    expect((await boundaryOf(w.a2.id))![1]!.lng).toBeCloseTo(116.47, 6);
    const res = await upload(geojson([{ code: w.a2.code, ring: rect(116.44, 39.9, 116.49, 39.95) }]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, updated: 1 });
    expect((await boundaryOf(w.a2.id))![1]!.lng).toBeCloseTo(116.49, 6);
    const after = (
      await submit(t.app, w.rider, { category: w.category.pothole.code, point: w.points.districtQueue })
    ).json().report;
    expect(after.streetId).toBe(w.a2.id);
    expect(after.teamId).toBe(w.teamOf[w.a2.id]);
    const [old] = await t.db.select().from(reports).where(eq(reports.id, filed.id));
    expect(old!.streetId).toBeNull();
  });

  it('a street of another district, or an unknown code, refuses the whole file and changes nothing', async () => {
    const before = await boundaryOf(w.a1.id);
    const res = await upload(
      geojson([
        { code: w.a1.code, ring: rect(116.39, 39.9, 116.44, 39.95) },
        { code: w.b1.code, ring: rect(116.55, 39.9, 116.61, 39.95) },
      ]),
    );
    expect(expectError(res, 400, 'STREET_CODE_UNKNOWN').message).toContain(w.b1.code);
    expect(await boundaryOf(w.a1.id)).toEqual(before);
    expectError(
      await upload(geojson([{ code: 'no-such', ring: rect(116.4, 39.9, 116.41, 39.91) }])),
      400,
      'STREET_CODE_UNKNOWN',
    );
  });

  it.each([
    [
      'a self-crossing ring (bow tie)',
      geojson([
        {
          code: 'X',
          ring: [
            [116.4, 39.9],
            [116.42, 39.92],
            [116.42, 39.9],
            [116.4, 39.92],
            [116.4, 39.9],
          ],
        },
      ]),
      'BOUNDARY_INVALID',
    ],
    [
      'a ring of two points',
      geojson([
        {
          code: 'X',
          ring: [
            [116.4, 39.9],
            [116.42, 39.92],
            [116.4, 39.9],
          ],
        },
      ]),
      'BOUNDARY_INVALID',
    ],
    ['coordinates out of range', geojson([{ code: 'X', ring: rect(116.4, 95, 116.41, 96) }]), 'IMPORT_FILE_INVALID'],
    [
      'a code twice',
      geojson([
        { code: 'X', ring: rect(116.4, 39.9, 116.41, 39.91) },
        { code: 'X', ring: rect(116.4, 39.9, 116.41, 39.91) },
      ]),
      'IMPORT_FILE_INVALID',
    ],
    ['not JSON', '{"type": "FeatureCollection", ', 'IMPORT_FILE_INVALID'],
    ['not a FeatureCollection', JSON.stringify({ type: 'Feature' }), 'IMPORT_FILE_INVALID'],
    ['no features', JSON.stringify({ type: 'FeatureCollection', features: [] }), 'IMPORT_FILE_INVALID'],
  ])('refuses %s with 400', async (_label, content, code) => {
    const before = await boundaryOf(w.a1.id);
    expectError(await upload(content.replaceAll('"X"', JSON.stringify(w.a1.code))), 400, code);
    expect(await boundaryOf(w.a1.id)).toEqual(before);
  });

  it('only district admins upload boundaries', async () => {
    const body = geojson([{ code: w.a1.code, ring: rect(116.4, 39.9, 116.44, 39.95) }]);
    expectError(await upload(body, w.operatorA1), 403, 'FORBIDDEN');
    expectError(await upload(body, w.rider), 403, 'FORBIDDEN');
    expectError(await upload(body, w.adminB), 400, 'STREET_CODE_UNKNOWN');
  });

  it('a file bigger than the JSON limit is accepted up to UPLOAD_MAX_BYTES, then 413', async () => {
    // 1.2 MB of padding in a property: over BODY_LIMIT (1 MB), under UPLOAD_MAX_BYTES (2 MB).
    const padded = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: w.a1.code, note: 'x'.repeat(1_200_000) },
          geometry: { type: 'Polygon', coordinates: [rect(116.4, 39.9, 116.44, 39.95)] },
        },
      ],
    });
    expect((await upload(padded)).statusCode).toBe(200);
    expectError(await upload(padded + ' '.repeat(1_000_000)), 413, 'PAYLOAD_TOO_LARGE');
  });
});
