import { buildTestApp, type TestContext } from '../../support/app.js';
import { bearer, demoLogin } from '../../fixtures/factories.js';
import { DEMO_STATIONS, DEMO_STREETS } from '../../../server/src/seed/demo.js';
import { stations } from '../../../server/src/db/schema/index.js';

describe('demo stations', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp({ DEMO_MODE: 'true' }, { demo: true });
  });
  afterAll(() => t.close());

  it('are seeded once, each inside its street', async () => {
    expect(await t.db.select({ id: stations.id }).from(stations)).toHaveLength(DEMO_STATIONS.length);
    for (const s of DEMO_STATIONS) {
      const box = DEMO_STREETS.find((d) => d.code === s.street)!.boundary;
      expect(s.lat).toBeGreaterThan(box[0]!.lat);
      expect(s.lat).toBeLessThan(box[2]!.lat);
      expect(s.lng).toBeGreaterThan(box[0]!.lng);
      expect(s.lng).toBeLessThan(box[2]!.lng);
    }
  });

  it('answer the seed story: the rider at 金台里 finds the nearest 全时驿站', async () => {
    const { accessToken } = await demoLogin(t.app, 'rider');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/stations/nearest?lat=39.9235&lng=116.4652',
      headers: bearer(accessToken),
    });
    expect(res.json().item).toMatchObject({ name: '呼家楼全时驿站', openNow: true, type: 'all_day' });
  });
});
