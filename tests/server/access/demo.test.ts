import { eq } from 'drizzle-orm';
import { gateCodeUrl } from '../../../server/src/access/index.js';
import { gates } from '../../../server/src/db/schema/index.js';
import { seedId } from '../../../server/src/seed/demo.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { bearer, demoLogin } from '../../fixtures/factories.js';
import { scanBody } from '../../fixtures/access.js';

describe('access demo data', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp({}, { demo: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('the demo rider enters 金台里小区 at once at the gate, with its building guide; not from afar', async () => {
    const { accessToken } = await demoLogin(t.app, 'rider');
    const gateId = seedId('gate:C-HJL-01:east');
    const [gate] = await t.db.select().from(gates).where(eq(gates.id, gateId));
    const scan = (location?: { lat: number; lng: number }) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/access/scans',
        headers: bearer(accessToken),
        payload: scanBody(gateCodeUrl(t.config.access, gateId, 1), location ? { location } : {}),
      });
    const res = await scan({ lat: gate!.lat + 0.0003, lng: gate!.lng });
    expect(res.json()).toEqual(
      expect.objectContaining({ granted: true, community: expect.objectContaining({ name: '金台里小区' }) }),
    );
    expect(res.json().guide.buildings.length).toBeGreaterThan(0);
    // The demo communities check the location like every community (on by default, 300 m).
    expect(res.json().guide).toEqual(expect.objectContaining({ requireLocation: true, maxDistanceM: 300 }));
    expect((await scan({ lat: gate!.lat + 0.0126, lng: gate!.lng })).json()).toEqual(
      expect.objectContaining({ granted: false, reason: 'TOO_FAR' }),
    );
  });

  it('rider2 has no profile yet; the demo community admin sees gates of its two communities', async () => {
    const rider2 = await demoLogin(t.app, 'rider2');
    expect(
      (
        await t.app.inject({ method: 'GET', url: '/api/v1/access/profile', headers: bearer(rider2.accessToken) })
      ).json(),
    ).toEqual({ profile: null });
    const admin = await demoLogin(t.app, 'community_admin');
    const gates = await t.app.inject({
      method: 'GET',
      url: `/api/v1/access/communities/${seedId('community:C-HJL-02')}/gates`,
      headers: bearer(admin.accessToken),
    });
    expect(gates.json().items.map((g: { name: string }) => g.name)).toEqual(['南门']);
  });
});
