import { eq } from 'drizzle-orm';
import { streets } from '../../../server/src/db/schema/index.js';
import { createGeoContext, importStreetBoundaries } from '../../../server/src/geo/index.js';
import { routeReport } from '../../../server/src/reports/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { createReportWorld, type ReportWorld } from '../../fixtures/reports.js';

describe('street boundaries from GeoJSON', () => {
  let t: TestContext;
  let w: ReportWorld;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await createReportWorld(t.db);
  });
  afterAll(async () => t.close());

  it('replaces a street’s boundary by code, and routing follows it', async () => {
    const far = { lng: 116.35, lat: 39.87 }; // in district A, outside every street before the import
    expect((await routeReport(t.db, w.category.pothole.id, far.lng, far.lat))!.streetId).toBeNull();
    const ring = [
      [116.3, 39.85],
      [116.38, 39.85],
      [116.38, 39.89],
      [116.3, 39.89],
      [116.3, 39.85],
    ];
    const result = await importStreetBoundaries(createGeoContext(t.db, t.config), {
      geojson: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: w.a1.code },
            geometry: { type: 'MultiPolygon', coordinates: [[ring]] },
          },
          {
            type: 'Feature',
            properties: { code: 'no-such-street' },
            geometry: { type: 'Polygon', coordinates: [ring] },
          },
        ],
      },
    });
    expect(result).toEqual({
      updated: 1,
      unknownCodes: ['no-such-street'],
      streets: [{ code: w.a1.code, name: '甲一街道', points: 4 }],
    });
    const [row] = await t.db.select().from(streets).where(eq(streets.id, w.a1.id));
    expect(row!.boundary).toHaveLength(4);
    expect((await routeReport(t.db, w.category.pothole.id, far.lng, far.lat))!.streetId).toBe(w.a1.id);
  });

  it('refuses a feature without a code, changing nothing', async () => {
    await expect(
      importStreetBoundaries(createGeoContext(t.db, t.config), {
        geojson: {
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [] } }],
        },
      }),
    ).rejects.toMatchObject({ code: 'IMPORT_FILE_INVALID' });
  });
});
