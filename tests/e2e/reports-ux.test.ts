import { signInFresh, startE2E, testPhoto, type E2E, E2E_START_TIMEOUT } from './browser.js';

// WGS-84 from the browser; the server converts to GCJ-02, which lands in 呼家楼街道.
const HUJIALOU_WGS84 = { latitude: 39.922, longitude: 116.455 };
const JS_ERROR = /Cannot read|undefined|TypeError|is not a function/;

/**
 * Issue #18 in Chromium (H5, demo data): 已修复 without a photo says so in Chinese, the queues
 * show street, age and thumbnails, the rider's list has thumbnails and no 我也遇到 on their own
 * report, and 随手拍 keeps its categories and names the network when offline.
 */
describe('H5 app in Chromium: 随手拍 as people meet it', () => {
  let e: E2E;
  let photo: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    e = await startE2E({ geolocation: HUJIALOU_WGS84 });
    e.page.on('pageerror', (err) => pageErrors.push(err.message));
    photo = await testPhoto('hazard', '#b45309');
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  const shot = (name: string) => e.shot(`reports-ux-${name}`);

  it('a rider files a report with a photo; the same category there shows it as theirs, with no 我也遇到', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.locator('.nx-tile--reports').first().click();
    await page.getByText('已定位', { exact: false }).first().waitFor();
    await page.locator('input.nx-photos__input').first().setInputFiles(photo);
    await page.locator('.nx-photos__item').first().waitFor();
    await page.locator('.nx-categories__item--manhole').first().click();
    await page.locator('textarea').first().fill('路口西侧井盖缺失，夜里看不见');
    await page.locator('.nx-report-new__submit').first().click();
    await page.locator('.nx-report-new__done').first().waitFor();
    await page.getByText('再拍一个', { exact: true }).first().click();
    await page.locator('.nx-categories__item--manhole').first().click();
    await page.locator('.nx-nearby__mine').first().waitFor();
    expect(await page.locator('.nx-nearby__me-too').count()).toBe(0);
    await shot('own-nearby');
  });

  it('the rider’s list shows the photo’s thumbnail (a placeholder without one)', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/packages/reports/mine/index');
    const card = page.locator('.nx-report-card', { hasText: '路口西侧井盖缺失' }).first();
    await card.waitFor();
    const thumb = card.locator('img').first();
    await thumb.waitFor();
    await page.waitForFunction(
      (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
      await thumb.elementHandle(),
    );
    expect(await card.locator('.nx-report-card__age').first().textContent()).toMatch(/刚刚|分钟前/);
    await shot('rider-list');
  });

  it('offline after the first load, 随手拍 still shows its categories and says the network is down', async () => {
    const { page, context } = e;
    await page.goto(e.base + '/#/pages/home/index');
    await page.locator('.nx-tile--reports').first().click();
    await page.locator('.nx-categories__item').first().waitFor();
    const online = await page.locator('.nx-categories__item').count();
    await page.locator('.weui-tabbar__item').first().click();
    await page.locator('.nx-tile--reports').first().waitFor();
    await context.setOffline(true);
    try {
      await page.locator('.weui-tabbar__item').nth(2).click();
      await page.getByText('网络不可用', { exact: false }).first().waitFor();
      expect(await page.locator('.nx-categories__item').count()).toBe(online);
      expect(online).toBeGreaterThan(3);
      await shot('offline');
      // Choosing a category works offline and no 请选择问题类别 is left behind.
      await page.locator('.nx-categories__item--pothole').first().click();
      expect(await page.getByText('请选择问题类别').count()).toBe(0);
    } finally {
      await context.setOffline(false);
    }
    // Back online, the next show reloads the list and the message goes.
    await page.locator('.weui-tabbar__item').first().click();
    await page.locator('.weui-tabbar__item').nth(2).click();
    await page.waitForFunction(() => !document.body.innerText.includes('网络不可用'));
  });

  it('the street operator’s queue shows street, age and the thumbnail; 已修复 without a photo says what is missing', async () => {
    const { page } = e;
    await signInFresh(e, 'street_operator');
    await page.goto(e.base + '/#/packages/reports/staff/queue/index');
    const card = page.locator('.nx-queue__item', { hasText: '路口西侧井盖缺失' }).first();
    await card.waitFor();
    expect(await card.locator('.nx-report-card__street').textContent()).toContain('呼家楼街道');
    expect(await card.locator('.nx-report-card__description').textContent()).toContain('井盖缺失');
    await card.locator('.nx-report-card__thumb img').waitFor();
    await shot('operator-queue');
    await card.click();
    await page.locator('.nx-action--accept').first().click();
    await page.locator('.nx-action--dispatch').first().click();
    await page.locator('.nx-action--on-site').first().click();
    const fix = page.locator('.nx-action--fix').first();
    await fix.waitFor();
    await fix.click({ force: true });
    await page.getByText('请先拍摄或选择修复后的照片', { exact: false }).first().waitFor();
    await shot('fix-without-photo');
    expect(await page.locator('body').innerText()).not.toMatch(JS_ERROR);
    expect(await page.locator('.nx-timeline__item--fixed').count()).toBe(0);
  });

  it('the district admin’s queue names each report’s street and its age', async () => {
    const { page } = e;
    await signInFresh(e, 'district_admin');
    await page.goto(e.base + '/#/packages/reports/staff/queue/index');
    await page.locator('.nx-queue__item').first().waitFor();
    const streets = await page.locator('.nx-queue__item .nx-report-card__street').allTextContents();
    const ages = await page.locator('.nx-queue__item .nx-report-card__age').allTextContents();
    expect(streets.length).toBeGreaterThan(0);
    expect(streets.every((s) => /街道|区级/.test(s))).toBe(true);
    expect(ages.every((a) => /前|刚刚|年/.test(a))).toBe(true);
    await shot('district-queue');
    expect(pageErrors).toEqual([]);
  });
});
