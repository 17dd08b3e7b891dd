// Issue #19 defect 2: one boundary upload froze the whole API (the self-crossing check compared
// every edge with every other, on the event loop, before unknown codes were refused). Now: cheap
// checks first, the sweep line in a worker thread, a work-time cap, and /health answers meanwhile.
import { eq } from 'drizzle-orm';
import { streets } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { healthDuring } from '../../support/http.js';
import { accessTokenFor, bearer } from '../../fixtures/factories.js';
import { call, createReportWorld, type ReportWorld } from '../../fixtures/reports.js';

type Ring = number[][];
const N = 20_000;

/** A circle of n points around (116.42, 39.925): a valid ring inside street 甲一. */
const circle = (n: number): Ring => {
  const ring: Ring = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    ring.push([116.42 + 0.015 * Math.cos(a), 39.925 + 0.02 * Math.sin(a)]);
  }
  return ring;
};
/** The same circle with two neighbouring points swapped: one small self-crossing. */
const crossedCircle = (n: number): Ring => {
  const ring = circle(n);
  const k = n / 2;
  [ring[k], ring[k + 1]] = [ring[k + 1]!, ring[k]!];
  return ring;
};
/**
 * A comb of n points whose teeth all span the same width: every edge overlaps every other along
 * the sweep, the sweep line's worst case (seconds for 20,000 points), and one self-crossing.
 */
const comb = (n: number): Ring => {
  const ring: Ring = [];
  for (let i = 0; i < n / 2 - 2; i++) {
    const y = 39.91 + i * 1e-6;
    const [x1, x2] = i % 2 ? [116.43, 116.41] : [116.41, 116.43];
    ring.push([x1, y], [x2, y + 5e-7]);
  }
  ring.push([116.405, 39.95], [116.405, 39.905], [116.435, 39.9]); // the last edge crosses the teeth
  return ring;
};
const closed = (ring: Ring) => [...ring, ring[0]!];
const geojson = (features: { code: string; ring: Ring }[]) =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: features.map((f) => ({
      type: 'Feature',
      properties: { code: f.code },
      geometry: { type: 'Polygon', coordinates: [closed(f.ring)] },
    })),
  });

describe('boundary uploads never stop the API (issue #19 defect 2)', () => {
  let t: TestContext;
  let w: ReportWorld;
  beforeAll(async () => {
    t = await buildTestApp({ UPLOAD_MAX_BYTES: String(8 * 1024 * 1024) });
    w = await createReportWorld(t.db);
  });
  afterAll(async () => t.close());

  const upload = (content: string, dryRun?: boolean) =>
    call(t.app, w.adminA, 'POST', '/api/v1/streets/boundaries', { content, ...(dryRun ? { dryRun } : {}) });
  const boundaryOf = async (id: string) => (await t.db.select().from(streets).where(eq(streets.id, id)))[0]!.boundary;

  it('a 20,000-point ring is checked off the event loop: /health answers during the upload, the ring is stored', async () => {
    const { result, answered } = await healthDuring(t.app, upload(geojson([{ code: w.a1.code, ring: circle(N) }])));
    expect(result.statusCode).toBe(200);
    expect(result.json()).toMatchObject({ updated: 1, streets: [{ code: w.a1.code, points: N }] });
    expect(await boundaryOf(w.a1.id)).toHaveLength(N);
    expect(answered).toBeGreaterThanOrEqual(3);
  });

  it('a 20,000-point ring that crosses itself is refused naming the street, /health answering meanwhile', async () => {
    const before = await boundaryOf(w.a2.id);
    const { result, answered } = await healthDuring(
      t.app,
      upload(geojson([{ code: w.a2.code, ring: crossedCircle(N) }])),
    );
    expect(result.statusCode).toBe(400);
    expect(result.json()).toMatchObject({ code: 'BOUNDARY_INVALID', field: 'content' });
    expect(result.json().message).toContain(`街道 ${w.a2.code}`);
    expect(result.json().message).toContain('自相交');
    expect(answered).toBeGreaterThanOrEqual(3);
    expect(await boundaryOf(w.a2.id)).toEqual(before);
  });

  it('unknown codes are refused before any geometry runs', async () => {
    // The first feature is a known street whose ring crosses itself: had its geometry been checked
    // first (as before), the answer would be BOUNDARY_INVALID.
    const res = await upload(
      geojson([
        { code: w.a1.code, ring: comb(N) },
        { code: 'NO-SUCH-STREET', ring: comb(N) },
      ]),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'STREET_CODE_UNKNOWN', field: 'content' });
    expect(res.json().message).toContain('NO-SUCH-STREET');
    // A street of another district counts as unknown, before geometry too.
    const other = await upload(
      geojson([
        { code: w.a2.code, ring: crossedCircle(N) },
        { code: w.b1.code, ring: circle(8) },
      ]),
    );
    expect(other.json()).toMatchObject({ code: 'STREET_CODE_UNKNOWN' });
  });

  it('a ring over the point cap, or a file over the total cap, is a 413 naming the street, before the codes', async () => {
    const big = await upload(geojson([{ code: 'ANY-CODE', ring: circle(50_001) }]));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'BOUNDARY_TOO_LARGE', field: 'content' });
    expect(big.json().message).toContain('街道 ANY-CODE');
    expect(big.json().message).toContain('50000');
    const many = await upload(
      geojson(
        [1, 2, 3, 4, 5].map((i) => ({
          code: `C${i}`,
          ring: circle(45_000).map(([x, y]) => [+x!.toFixed(4), +(y! + i).toFixed(4)]),
        })),
      ),
    );
    expect(many.statusCode).toBe(413);
    expect(many.json()).toMatchObject({ code: 'BOUNDARY_TOO_LARGE' });
    expect(many.json().message).toContain('200000');
  });

  it('coordinates that are not [lng, lat] numbers in range are a 400, not a 500', async () => {
    for (const ring of [
      [
        [116.4, 39.9],
        [116.5, 39.9],
        [200, 39.95],
      ],
      [[116.4, 39.9], 5, [116.45, 39.95]],
      [
        [116.4, 39.9],
        ['116.5', 39.9],
        [116.45, 39.95],
      ],
    ] as unknown as Ring[]) {
      const res = await upload(geojson([{ code: w.a1.code, ring }]));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'IMPORT_FILE_INVALID', field: 'content' });
    }
  });

  it('against a listening server: /health answers on other connections while a big upload is checked', async () => {
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const body = JSON.stringify({ content: geojson([{ code: w.a2.code, ring: crossedCircle(N) }]) });
    let done = false;
    let answered = 0;
    const probe = (async () => {
      while (!done) {
        const res = await fetch(`${address}/health`);
        if (res.status === 200) answered++;
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const res = await fetch(`${address}/api/v1/streets/boundaries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(accessTokenFor(t.app, w.adminA)) },
      body,
    }).finally(() => (done = true));
    await probe;
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('BOUNDARY_INVALID');
    expect(answered).toBeGreaterThanOrEqual(3);
  });
});

describe('the geometry work-time cap', () => {
  let t: TestContext;
  let w: ReportWorld;
  beforeAll(async () => {
    t = await buildTestApp({ UPLOAD_MAX_BYTES: String(8 * 1024 * 1024), GEOMETRY_TIMEOUT_MS: '50' });
    w = await createReportWorld(t.db);
  });
  afterAll(async () => t.close());

  it('a ring whose check outlasts the cap is refused with 422 GEOMETRY_TOO_COMPLEX, its worker stopped, and the next upload works', async () => {
    const before = await (await t.db.select().from(streets).where(eq(streets.id, w.a1.id)))[0]!.boundary;
    const { result, answered } = await healthDuring(
      t.app,
      call(t.app, w.adminA, 'POST', '/api/v1/streets/boundaries', {
        content: geojson([{ code: w.a1.code, ring: comb(N) }]),
      }),
    );
    expect(result.statusCode).toBe(422);
    expect(result.json()).toMatchObject({ code: 'GEOMETRY_TOO_COMPLEX', field: 'content' });
    expect(result.json().message).toContain(`街道 ${w.a1.code}`);
    expect(answered).toBeGreaterThanOrEqual(1);
    expect((await t.db.select().from(streets).where(eq(streets.id, w.a1.id)))[0]!.boundary).toEqual(before);
    // A small ring afterwards is checked by a fresh worker.
    const small = await call(t.app, w.adminA, 'POST', '/api/v1/streets/boundaries', {
      content: geojson([{ code: w.a1.code, ring: circle(16) }]),
    });
    expect(small.statusCode).toBe(200);
  });
});
