import { signInFresh, startE2E, testPhoto, type E2E, E2E_START_TIMEOUT } from './browser.js';

// WGS-84 from the browser; the server converts to GCJ-02, which lands in 呼家楼街道.
const HUJIALOU_WGS84 = { latitude: 39.922, longitude: 116.455 };

describe('H5 app in Chromium: 随手拍 from rider to street operator and back', () => {
  let e: E2E;
  let photo: string;
  let fixedPhoto: string;

  beforeAll(async () => {
    e = await startE2E({ geolocation: HUJIALOU_WGS84 });
    // A page error fails loudly instead of as a distant timeout.
    photo = await testPhoto('hazard', '#1d4ed8');
    fixedPhoto = await testPhoto('fixed', '#15803d');
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('a rider takes a photo, is located, picks a category and submits', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.locator('.nx-tile--reports').first().click();
    await page.getByText('已定位', { exact: false }).first().waitFor();
    await page.locator('input.nx-photos__input').first().setInputFiles(photo);
    await page.locator('.nx-photos__item').first().waitFor();
    await page.locator('.nx-categories__item--flooding').first().click();
    await page.locator('.nx-report-new__text textarea, textarea').first().fill('地下通道口积水很深，电动车过不去');
    await e.shot('e2e-report-new');
    await page.locator('.nx-report-new__submit').first().click();
    await page.locator('.nx-report-new__done').first().waitFor();
    await page.getByText('已派往呼家楼街道', { exact: false }).first().waitFor();
    await e.shot('e2e-report-submitted');
  });

  it('the street operator accepts, dispatches, marks on site and fixes with a photo', async () => {
    const { page } = e;
    await signInFresh(e, 'street_operator');
    await page.goto(e.base + '/#/packages/reports/staff/queue/index');
    await page.locator('.nx-queue__item', { hasText: '积水' }).first().click();
    await page.locator('.nx-action--accept').first().click();
    await page.locator('.nx-action--dispatch').first().click();
    await page.locator('.nx-action--on-site').first().click();
    await page.locator('input.nx-photos__input').first().setInputFiles(fixedPhoto);
    await page.locator('.nx-photos__item').first().waitFor();
    await page.locator('.nx-action--fix').first().click();
    await page.locator('.nx-action--close').first().waitFor();
    await page.locator('.nx-timeline__item--fixed').first().waitFor();
    await e.shot('e2e-report-operator-fixed');
    // The queue's figures button opens the 数据看板 of the operator's street.
    await page.goto(e.base + '/#/packages/reports/staff/queue/index');
    await page.getByText('数据看板', { exact: true }).first().click();
    await page.getByText('呼家楼街道 · 数据看板').first().waitFor();
    await e.shot('e2e-report-figures');
  });

  it('the rider sees 已修复 in the timeline of 我的上报', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.goto(e.base + '/#/packages/reports/mine/index');
    await page.locator('.nx-report-card', { hasText: '积水' }).first().click();
    await page.locator('.nx-timeline__item--fixed').first().waitFor();
    const states = await page.locator('.nx-timeline__state').allTextContents();
    expect(states).toEqual(['已提交', '已受理', '已派单', '已到场', '已修复']);
    await e.shot('e2e-report-rider-timeline');
  });

  it('the rider’s inbox says 路面已完成修复 and that the report was accepted', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/packages/me/notifications/index');
    await page.locator('.nx-inbox__item', { hasText: '路面已完成修复' }).first().waitFor();
    await page.locator('.nx-inbox__item', { hasText: '你的随手拍已受理' }).first().waitFor();
    await e.shot('e2e-report-inbox');
  });
});
