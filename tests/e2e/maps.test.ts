import type { Page } from 'playwright-core';
import type { Station, StationPage } from '@nuanxin/shared/stations/schemas';
import type { Report, ReportPins } from '@nuanxin/shared/reports/schemas';
import { gcj02ToWgs84 } from '@nuanxin/shared/geo/gcj02';
import { DEMO_STREETS } from '../../server/src/seed/demo.js';
import { signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

// The rider stands on 金台路 near 呼家楼 (GCJ-02); the browser reports WGS-84, as a phone would.
const RIDER_GCJ = { lat: 39.9232, lng: 116.4622 };
const RIDER_WGS = gcj02ToWgs84(RIDER_GCJ);

type Pin = { id: string; kind: string; lat: number; lng: number; x: number; y: number };
type Rect = { left: number; right: number; top: number; bottom: number };

/** Leaflet's markers as drawn: the data they carry and the screen position of their centre. */
function pinsOnScreen(page: Page, kind: string): Promise<Pin[]> {
  return page.locator(`.nx-geo-pin--${kind}`).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const d = (el as HTMLElement).dataset;
      return {
        id: d.id!,
        kind: d.kind!,
        lat: Number(d.lat),
        lng: Number(d.lng),
        x: r.left + r.width / 2,
        y: r.top + r.height / 2,
      };
    }),
  );
}

/** Screen order must follow the data: further north is higher, further east is more to the right. */
function expectPlacedByData(pins: Pin[]) {
  expect(pins.length).toBeGreaterThan(1);
  for (const a of pins)
    for (const b of pins) {
      if (a.lat - b.lat > 0.0003) expect(a.y).toBeLessThan(b.y);
      if (a.lng - b.lng > 0.0003) expect(a.x).toBeGreaterThan(b.x);
    }
}

async function outline(page: Page, name: string): Promise<Rect> {
  return page
    .locator(`path[data-name="${name}"]`)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    });
}

const inside = (p: { x: number; y: number }, r: Rect) =>
  p.x >= r.left - 1 && p.x <= r.right + 1 && p.y >= r.top - 1 && p.y <= r.bottom + 1;

describe('H5 maps of our own data (Leaflet, no tile server) and navigation to the map apps', () => {
  let e: E2E;
  const external: string[] = [];

  async function tokenOf(account: string): Promise<{ authorization: string }> {
    const res = await e.t.app.inject({ method: 'POST', url: '/api/v1/auth/demo-login', payload: { account } });
    expect(res.statusCode).toBe(200);
    return { authorization: `Bearer ${res.json().accessToken as string}` };
  }

  beforeAll(async () => {
    e = await startE2E({ geolocation: { latitude: RIDER_WGS.lat, longitude: RIDER_WGS.lng } });
    // Nothing leaves 127.0.0.1: the map apps' pages are answered here, and remembered.
    await e.context.route(/^https:\/\/(uri\.amap\.com|apis\.map\.qq\.com)\//, (route) => {
      external.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>map app</title>' });
    });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('the signed-in home page does not load the map library', async () => {
    const scripts: string[] = [];
    const listen = (r: { url(): string }) => scripts.push(r.url());
    e.page.on('request', listen);
    await signInFresh(e, 'rider');
    await e.page.locator('.nx-nearest__row').first().waitFor();
    await e.page.waitForLoadState('networkidle');
    e.page.off('request', listen);
    expect(scripts.filter((u) => /leaflet/i.test(u))).toEqual([]);
    expect(scripts.some((u) => /\/js\/app\.[0-9a-f]+\.js$/.test(u))).toBe(true);
  });

  it('the 驿站 tab on H5 switches to a map: each station of the list where its data says, inside its street', async () => {
    const { page } = e;
    await page.getByText('驿站', { exact: true }).last().click();
    await page.locator('.nx-station-row').first().waitFor();
    const listed = await page
      .locator('.nx-station-row')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-station-id')!));
    await page.locator('.nx-stations__switch-item--map').first().click();
    await page.locator('.nx-geo-map__canvas[data-ready="1"]').first().waitFor();
    await page.locator('path[data-name="呼家楼街道"]').first().waitFor();

    const pins = await pinsOnScreen(page, 'station');
    expect(pins.map((p) => p.id).sort()).toEqual([...listed].sort());
    // The positions the API gives for these stations are the positions the markers carry.
    const rider = await tokenOf('rider');
    const api = (
      await e.t.app.inject({
        method: 'GET',
        url: `/api/v1/stations/nearby?lat=${RIDER_WGS.lat}&lng=${RIDER_WGS.lng}&coord=wgs84`,
        headers: rider,
      })
    ).json() as StationPage;
    const byId = new Map<string, Station>(api.items.map((s) => [s.id, s]));
    for (const p of pins)
      expect({ lat: p.lat, lng: p.lng }).toEqual({ lat: byId.get(p.id)!.lat, lng: byId.get(p.id)!.lng });
    expectPlacedByData(pins);

    // Each station inside a demo street's box is drawn inside that street's outline.
    let checked = 0;
    for (const p of pins) {
      const street = DEMO_STREETS.find((s) => {
        const lats = s.boundary.map((b) => b.lat);
        const lngs = s.boundary.map((b) => b.lng);
        return (
          p.lat > Math.min(...lats) &&
          p.lat < Math.max(...lats) &&
          p.lng > Math.min(...lngs) &&
          p.lng < Math.max(...lngs)
        );
      });
      if (!street || !(await page.locator(`path[data-name="${street.name}"]`).count())) continue;
      expect(inside(p, await outline(page, street.name))).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
    // The rider is on the map too, between the stations around.
    expect(await page.locator('.nx-geo-pin--here').count()).toBe(1);
    await e.shot('maps-stations');
  });

  it('tapping a station marker opens the station detail', async () => {
    const { page } = e;
    // A marker no other marker overlaps (some demo stations stand a few metres apart).
    const all = [...(await pinsOnScreen(page, 'station')), ...(await pinsOnScreen(page, 'here'))];
    const target = all.find(
      (p) =>
        p.kind === 'station' &&
        p.y > 150 &&
        p.y < 800 &&
        all.every((q) => q === p || Math.hypot(q.x - p.x, q.y - p.y) > 32),
    )!;
    await page.locator(`.nx-geo-pin--station[data-id="${target.id}"]`).first().click();
    await page.locator('.nx-station__name').first().waitFor();
    const rider = await tokenOf('rider');
    const station = (
      await e.t.app.inject({ method: 'GET', url: `/api/v1/stations/${target.id}`, headers: rider })
    ).json() as Station;
    expect(await page.locator('.nx-station__name').first().textContent()).toBe(station.name);
  });

  it('导航 on H5 offers 高德地图 and 腾讯地图 at the station’s GCJ-02 position, and 复制地址', async () => {
    const { page, context } = e;
    const url = new URL(page.url().replace('/#/', '/'));
    const id = url.searchParams.get('id')!;
    const rider = await tokenOf('rider');
    const s = (
      await e.t.app.inject({ method: 'GET', url: `/api/v1/stations/${id}`, headers: rider })
    ).json() as Station;

    await page.locator('.nx-station__nav .nx-nav__go').first().click();
    await page.getByText('复制地址', { exact: true }).first().waitFor();
    await e.shot('maps-navigate');

    const [amap] = await Promise.all([
      context.waitForEvent('page'),
      page.getByText('高德地图', { exact: true }).first().click(),
    ]);
    await amap.waitForLoadState();
    const a = new URL(amap.url());
    expect(a.origin + a.pathname).toBe('https://uri.amap.com/marker');
    expect(a.searchParams.get('position')).toBe(`${s.lng.toFixed(6)},${s.lat.toFixed(6)}`);
    expect(a.searchParams.get('coordinate')).toBe('gaode');
    expect(a.searchParams.get('name')).toBe(s.name);
    await amap.close();

    const [qq] = await Promise.all([
      context.waitForEvent('page'),
      page.getByText('腾讯地图', { exact: true }).first().click(),
    ]);
    await qq.waitForLoadState();
    const q = new URL(qq.url());
    expect(q.origin + q.pathname).toBe('https://apis.map.qq.com/uri/v1/marker');
    expect(q.searchParams.get('marker')).toContain(`coord:${s.lat.toFixed(6)},${s.lng.toFixed(6)};title:${s.name}`);
    await qq.close();
    expect(external.filter((u) => u.includes('/marker?'))).toHaveLength(2);
    // The app stays where it was.
    expect(await page.locator('.nx-station__name').first().textContent()).toBe(s.name);
  });

  it('a report’s detail shows its place on the map, among the streets and stations around it', async () => {
    const { page } = e;
    // The demo reports are 李师傅's (rider2).
    await signInFresh(e, 'rider2');
    const rider = await tokenOf('rider2');
    const mine = (await e.t.app.inject({ method: 'GET', url: '/api/v1/reports/mine', headers: rider })).json() as {
      items: Report[];
    };
    const report = mine.items[0]!;
    await page.goto(`${e.base}/#/packages/reports/detail/index?id=${report.id}`);
    const place = page.locator(`.nx-geo-pin--place[data-id="${report.id}"]`).first();
    await place.waitFor();
    expect(Number(await place.getAttribute('data-lat'))).toBe(report.lat);
    expect(Number(await place.getAttribute('data-lng'))).toBe(report.lng);
    await page.locator('path.nx-geo-map__street').first().waitFor({ state: 'attached' });
    // The map sits above the timeline, in the viewport's width.
    const box = (await page.locator('.nx-geo-map__canvas').first().boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThan(200);
    await e.shot('maps-report-detail');
  });

  it('the staff report map on H5 draws the open reports of the operator’s street; a tap opens the report', async () => {
    const { page } = e;
    await signInFresh(e, 'street_operator');
    await page.goto(`${e.base}/#/packages/reports/staff/map/index`);
    await page.locator('.nx-geo-map__canvas[data-ready="1"]').first().waitFor();
    await page.locator('.nx-geo-pin--report').first().waitFor();
    const operator = await tokenOf('street_operator');
    const nearest = (
      await e.t.app.inject({
        method: 'GET',
        url: `/api/v1/staff/reports/nearest?lat=${RIDER_WGS.lat}&lng=${RIDER_WGS.lng}&coordSystem=wgs84`,
        headers: operator,
      })
    ).json() as ReportPins;
    const pins = await pinsOnScreen(page, 'report');
    expect(pins.map((p) => p.id).sort()).toEqual(nearest.items.map((r) => r.id).sort());
    if (pins.length > 1) expectPlacedByData(pins);
    await e.shot('maps-staff-map');

    const target = pins.find((p) => p.y > 150 && p.y < 700) ?? pins[0]!;
    await page.locator(`.nx-geo-pin--report[data-id="${target.id}"]`).first().click();
    await page.locator('.nx-staff-report').first().waitFor();
    const place = page.locator(`.nx-geo-pin--place[data-id="${target.id}"]`).first();
    await place.waitFor();
    expect(Number(await place.getAttribute('data-lat'))).toBe(target.lat);
    await page.getByText('导航到现场', { exact: true }).first().waitFor();
    await e.shot('maps-staff-report');
  });
});
