import { greatCircleMetres } from '@nuanxin/shared/geo/distance';
import { gcj02ToWgs84 } from '@nuanxin/shared/geo/gcj02';
import { DEMO_STATIONS, seedId } from '../../server/src/seed/demo.js';
import { loginAs, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

// A station detail opened from a shared link carries only the id: the page asks for the location
// itself (the browser gives WGS-84, converted to GCJ-02 like the stations are stored) and shows
// the distance.
const RIDER_GCJ = { lat: 39.9232, lng: 116.4622 };
const station = DEMO_STATIONS.find((s) => s.name === '呼家楼全时驿站')!;

describe('H5 app in Chromium: station detail from a shared link', () => {
  let e: E2E;
  beforeAll(async () => {
    const wgs = gcj02ToWgs84(RIDER_GCJ);
    e = await startE2E({ geolocation: { latitude: wgs.lat, longitude: wgs.lng } });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('locates the rider and shows the distance', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await loginAs(e, 'rider');
    await page.locator('.nx-tile--access').first().waitFor();
    await page.goto(`${e.base}/#/packages/stations/detail/index?id=${seedId(`station:${station.code}`)}`);
    const distance = page.locator('.nx-station__distance').first();
    await distance.waitFor();
    const metres = greatCircleMetres(RIDER_GCJ, station);
    const text = (await distance.textContent()) ?? '';
    const shown = Number(/距你 (\d+) 米/.exec(text)?.[1]);
    // formatDistance rounds to 10 m; WGS-84 → GCJ-02 → WGS-84 round trips to well under a metre.
    expect(Math.abs(shown - metres)).toBeLessThanOrEqual(10);
    await page.waitForTimeout(600);
    await e.screenshot('e2e-station-link-distance');
  });
});
