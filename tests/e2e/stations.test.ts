import type { Station, StationInput, StationPage } from '@nuanxin/shared/stations/schemas';
import { gcj02ToWgs84 } from '@nuanxin/shared/geo/gcj02';
import { DEMO_STATIONS, seedId } from '../../server/src/seed/demo.js';
import { startE2E, type E2E, loginAs, E2E_START_TIMEOUT } from './browser.js';

// The rider stands on 金台路 near 呼家楼 (GCJ-02, the system stations are stored in). The browser
// reports WGS-84, so Playwright is given the WGS-84 equivalent, as a real phone would report it.
const RIDER_GCJ = { lat: 39.9232, lng: 116.4622 };
const RIDER_WGS = gcj02ToWgs84(RIDER_GCJ);

const H24 = { is24h: true, weekly: Array.from({ length: 7 }, () => []), closures: [] };
const demoId = (name: string) => seedId(`station:${DEMO_STATIONS.find((s) => s.name === name)!.code}`);
const HJL = demoId('呼家楼全时驿站');
const TJH = demoId('团结湖暖新驿站');

/**
 * On top of the demo seed (17 stations within 5 km of the rider): four more, so the list needs a
 * second page (20 a page) and 加载更多 is exercised against the real cursor.
 */
const EXTRA: StationInput[] = [
  {
    name: '金台路早点铺（友好商户）',
    type: 'friendly_merchant',
    lat: 39.9224,
    lng: 116.4601,
    address: '朝阳区金台路3号',
    hours: H24,
    amenities: ['hot_water', 'microwave'],
    photos: [],
  },
  {
    name: '红庙城市驿站',
    type: 'city',
    lat: 39.9195,
    lng: 116.479,
    address: '朝阳区红庙北里6号',
    hours: H24,
    amenities: ['hot_water', 'toilet'],
    photos: [],
  },
  {
    name: '甜水园充电站',
    type: 'charging',
    lat: 39.93,
    lng: 116.485,
    address: '朝阳区甜水园街2号',
    hours: H24,
    amenities: ['charging', 'parking'],
    photos: [],
  },
  {
    name: '关东店换电柜',
    type: 'battery_swap',
    lat: 39.916,
    lng: 116.456,
    address: '朝阳区关东店北街1号',
    hours: H24,
    amenities: ['battery_swap'],
    photos: [],
  },
];

async function tokenOf(e: E2E, account: string): Promise<{ authorization: string }> {
  const res = await e.t.app.inject({ method: 'POST', url: '/api/v1/auth/demo-login', payload: { account } });
  expect(res.statusCode).toBe(200);
  return { authorization: `Bearer ${res.json().accessToken as string}` };
}

/** H5 pages slide in; a screenshot taken mid-transition shows half of each page. */
const settle = (e: E2E) => e.page.waitForTimeout(700);

/** "350 米" / "1.2 公里" → metres. */
function metres(text: string): number {
  const m = /^([\d.]+) (米|公里)$/.exec(text.trim());
  if (!m) throw new Error(`not a distance: ${text}`);
  return Number(m[1]) * (m[2] === '公里' ? 1000 : 1);
}

describe('H5 app in Chromium: nearby stations', () => {
  let e: E2E;
  let rider: { authorization: string };

  /** What the API answers for the rider's position: the list must show exactly this, in order. */
  async function apiNearby(extra = ''): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const q = `lat=${RIDER_WGS.lat}&lng=${RIDER_WGS.lng}&coord=wgs84${extra}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await e.t.app.inject({ method: 'GET', url: `/api/v1/stations/nearby?${q}`, headers: rider });
      expect(res.statusCode).toBe(200);
      const page = res.json() as StationPage;
      ids.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  const rowIds = () =>
    e.page.locator('.nx-station-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-station-id')));

  beforeAll(async () => {
    e = await startE2E({ geolocation: { latitude: RIDER_WGS.lat, longitude: RIDER_WGS.lng } });
    const admin = await tokenOf(e, 'district_admin');
    for (const payload of EXTRA) {
      const res = await e.t.app.inject({ method: 'POST', url: '/api/v1/stations', headers: admin, payload });
      expect(res.statusCode).toBe(201);
    }
    // A phone number for 呼家楼全时驿站, and 团结湖 closed by the street for repairs.
    // The PATCH repeats address/amenities/photos: the API currently fills the schema defaults
    // ('' / []) into a partial body, so leaving them out would wipe them (reported).
    const current = (
      await e.t.app.inject({ method: 'GET', url: `/api/v1/stations/${HJL}`, headers: admin })
    ).json() as Station;
    const patch = await e.t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stations/${HJL}`,
      headers: admin,
      payload: {
        contact: { name: '驿站值班室', phone: '010-65001234' },
        address: current.address,
        amenities: current.amenities,
        photos: current.photos,
      },
    });
    expect(patch.statusCode).toBe(200);
    const closed = await e.t.app.inject({
      method: 'POST',
      url: `/api/v1/stations/${TJH}/status`,
      headers: admin,
      payload: { status: 'closed', note: '水电检修，12月1日恢复开放' },
    });
    expect(closed.statusCode).toBe(200);
    rider = await tokenOf(e, 'rider');
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('home shows the nearest 全时驿站 under the tiles, with distance and 营业中', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await loginAs(e, 'rider');
    const nearest = page.locator('.nx-nearest__row').first();
    await nearest.waitFor();
    expect(await nearest.getAttribute('data-station-id')).toBe(HJL);
    expect(await nearest.locator('.nx-nearest__name').textContent()).toBe('呼家楼全时驿站');
    expect(await nearest.locator('.nx-badge--open').textContent()).toBe('营业中');
    expect(metres((await nearest.locator('.nx-nearest__distance').textContent()) ?? '')).toBeLessThan(500);
    await settle(e);
    await e.screenshot('e2e-stations-home-nearest');
  });

  it('the 驿站 tab lists what the API finds within 5 km, nearest first; 加载更多 fetches the rest', async () => {
    const { page } = e;
    await page.getByText('驿站', { exact: true }).last().click();
    await page.locator('.nx-station-row').first().waitFor();
    await page.getByText('加载更多', { exact: true }).first().waitFor();

    const expected = await apiNearby();
    expect(expected.length).toBe(21);
    expect(await rowIds()).toEqual(expected.slice(0, 20));
    const distances = (await page.locator('.nx-station-row__distance').allTextContents()).map(metres);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances[0]).toBeLessThan(300);

    const row = (id: string) => page.locator(`.nx-station-row[data-station-id="${id}"]`).first();
    expect(await row(HJL).locator('.nx-badge').textContent()).toBe('营业中');
    expect(await row(HJL).locator('.nx-station-row__type').textContent()).toBe('全时驿站');
    expect(await row(HJL).locator('.nx-amenity').first().textContent()).toBe('充电');
    expect(await row(TJH).locator('.nx-badge').textContent()).toBe('暂停开放');
    await settle(e);
    await e.screenshot('e2e-stations-list');

    // Reaching the bottom also loads the next page (useReachBottom), and the full-page screenshot
    // can scroll there first: then the button is gone before the click. Either way the rest must come.
    const clicked = page
      .getByText('加载更多', { exact: true })
      .first()
      .click()
      .catch(() => undefined);
    await page.getByText('已显示全部 21 个驿站').first().waitFor();
    await clicked;
    expect(await rowIds()).toEqual(expected);
  });

  it('the 换电 chip narrows the list to the stations with battery swapping', async () => {
    const { page } = e;
    await page.locator('.nx-chip[data-filter="battery_swap"]').first().click();
    await page.locator('.nx-chip--on[data-filter="battery_swap"]').first().waitFor();
    const expected = await apiNearby('&amenities=battery_swap');
    expect(expected.length).toBeGreaterThanOrEqual(2);
    await page.waitForFunction(
      (n) => document.querySelectorAll('.nx-station-row').length === n && !!document.querySelector('.nx-stations__end'),
      expected.length,
    );
    expect(await rowIds()).toEqual(expected);
    await e.screenshot('e2e-stations-filter-swap');
    await page.locator('.nx-chip[data-filter="battery_swap"]').first().click();
    await page.locator('.nx-chip--on').first().waitFor({ state: 'detached' });
    await page.locator(`.nx-station-row[data-station-id="${HJL}"]`).first().waitFor();
  });

  it('tapping a station opens its detail: hours, amenities, counts, phone, address and 导航 (map apps or copy on H5)', async () => {
    const { page } = e;
    await page.locator(`.nx-station-row[data-station-id="${HJL}"]`).first().click();
    await page.locator('.nx-station__name').first().waitFor();
    expect(await page.locator('.nx-station__name').first().textContent()).toBe('呼家楼全时驿站');
    expect(await page.locator('.nx-station__hours-line').first().textContent()).toBe('周一至周日00:00–24:00');
    await page.getByText('导航', { exact: true }).first().waitFor();
    await page.getByText('呼家楼全时驿站，朝阳区金台路12号底商').first().waitFor();
    // H5: 导航 offers the map apps and 复制地址 (tests/e2e/maps.test.ts follows the links).
    await page.locator('.nx-station__nav .nx-nav__go').first().click();
    await page.getByText('复制地址', { exact: true }).first().waitFor();
    await page.getByText('拨打 010-65001234').first().waitFor();
    expect(await page.locator('.nx-station__count').allTextContents()).toEqual(['16 个座位', '12 个充电口']);
    expect(await page.locator('.nx-station__distance').first().textContent()).toMatch(/^距你 \d+ 米$/);
    expect(await page.locator('.nx-station__tag').allTextContents()).toContain('医药箱');
    await settle(e);
    await e.screenshot('e2e-station-detail');
  });

  it('a paused station says why it is closed', async () => {
    const { page } = e;
    await page.goBack();
    await page.locator(`.nx-station-row[data-station-id="${TJH}"]`).first().click();
    const note = page.locator('.nx-station__note--closed').first();
    await note.waitFor();
    expect(await note.textContent()).toBe('暂停开放：水电检修，12月1日恢复开放');
    await settle(e);
    await e.screenshot('e2e-station-detail-paused');
  });

  it('the station as the API has it matches what the detail page showed', async () => {
    const res = await e.t.app.inject({ method: 'GET', url: `/api/v1/stations/${TJH}`, headers: rider });
    expect((res.json() as Station).status).toBe('closed');
  });
});
