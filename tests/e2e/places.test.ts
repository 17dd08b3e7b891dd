import { eq } from 'drizzle-orm';
import { reports } from '../../server/src/db/schema/index.js';
import { fillInput, signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

// #18 defects 8 and 9 in the H5 build: places a person recognises instead of bare coordinates (the
// 随手拍 form, the operator's report page), and a way forward on the 驿站 tab when location is
// refused (type a place or pick a street, then the stations from there).

// WGS-84 from the browser near 金台里小区 (the server converts to GCJ-02: 呼家楼街道).
const NEAR_JINTAILI_WGS84 = { latitude: 39.9222, longitude: 116.4592 };

describe('H5 app in Chromium: places instead of coordinates', () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E({ geolocation: NEAR_JINTAILI_WGS84 });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('the 随手拍 form shows the street and community, the coordinates only small beneath', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.locator('.nx-tile--reports').first().click();
    const place = page.locator('.nx-report-new__where .nx-place--ready').first();
    await place.waitFor();
    const label = (await place.locator('.nx-place__label').textContent()) ?? '';
    expect(label).toMatch(/^呼家楼街道 · .+ · 距.+ \d+ 米$/);
    expect(label).not.toMatch(/\d+\.\d{4}/);
    const coords = (await place.locator('.nx-place__coords').textContent()) ?? '';
    expect(coords).toMatch(/^已定位 · 精度约 \d+ 米 · 39\.92\d{3}, 116\.46\d{3}$/);
    // The place is the big line, the numbers the small one.
    const size = (cls: string) => place.locator(cls).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(await size('.nx-place__label')).toBeGreaterThan(await size('.nx-place__coords'));
    await e.shot('places-report-form');
  });

  it("the street operator's report page shows the place the server knows, coordinates secondary", async () => {
    const { page } = e;
    const [report] = await e.t.db
      .select({ id: reports.id })
      .from(reports)
      .where(eq(reports.description, '金台路口井盖缺失，夜里很危险'));
    await signInFresh(e, 'street_operator');
    await page.goto(`${e.base}/#/packages/reports/staff/report/index?id=${report!.id}`);
    const place = page.locator('.nx-staff-report__place').first();
    await place.waitFor();
    expect(await place.locator('.nx-place__label').textContent()).toMatch(/^呼家楼街道/);
    expect(await place.locator('.nx-place__coords').textContent()).toMatch(/39\.92410, 116\.46620/);
    expect(await page.getByText('位置：39.92410', { exact: false }).count()).toBe(0);
    await e.shot('places-staff-report');
  });

  it('the 驿站 tab with location refused offers a place picker; choosing a street lists its stations', async () => {
    const { page, context } = e;
    await signInFresh(e, 'rider');
    // No permission any more: the browser refuses the position.
    await context.clearPermissions();
    // Headless Chromium may leave a prompt unanswered: refuse like a person who said no, on every
    // document from now on (the app may reload), whatever the permission state.
    await page.addInitScript(() => {
      const denied = { code: 1, message: 'User denied Geolocation', PERMISSION_DENIED: 1 } as GeolocationPositionError;
      navigator.geolocation.getCurrentPosition = (_ok, fail) => fail?.(denied);
      navigator.geolocation.watchPosition = (_ok, fail) => {
        fail?.(denied);
        return 0;
      };
    });
    await page.reload();
    await page.goto(e.base + '/#/pages/stations/index');
    await page.locator('.nx-place-picker').first().waitFor();
    await page.locator('.nx-place-picker__street', { hasText: '呼家楼街道' }).first().waitFor();
    expect(await page.locator('.nx-station-row').count()).toBe(0);
    await e.shot('places-stations-refused');

    // Typing a place finds it by name.
    await fillInput(e, 'nx-place-picker__input', '金台');
    await page.locator('.nx-place-picker__find').first().click();
    await page.locator('.nx-place-picker__hit', { hasText: '金台里小区' }).first().waitFor();
    await e.shot('places-stations-search');

    // Picking a street lists the stations from there, nearest first.
    await page.locator('.nx-place-picker__street', { hasText: '呼家楼街道' }).first().click();
    await page.locator('.nx-station-row').first().waitFor();
    await page.getByText('呼家楼街道附近的驿站').first().waitFor();
    const names = await page.locator('.nx-station-row .nx-station-row__name').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.slice(0, 3).join()).toMatch(/呼家楼|金台里|团结湖/);
    expect(await page.locator('.nx-place-picker').count()).toBe(0);
    await e.shot('places-stations-picked');
  });
});
