import { signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

describe('H5 app in Chromium: 节假日与调休 kept by the district admin', () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E();
    e.page.on('pageerror', (err) => console.error('pageerror', err.message));
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('finds the page on the 工作台, sees 2026, enters a 2027 day and removes it', async () => {
    const { page } = e;
    await signInFresh(e, 'district_admin');
    await page.goto(e.base + '/#/packages/me/workbench/index');
    await page.getByText('节假日与调休').first().click();
    await page.locator('.nx-calendar__list').first().waitFor();
    // Go to 2026 whatever year the browser's clock says.
    for (let i = 0; i < 5; i++) {
      const year = await page.locator('.nx-calendar__year').first().innerText();
      if (year.startsWith('2026')) break;
      await page
        .locator(year > '2026' ? '.nx-calendar__prev' : '.nx-calendar__next')
        .first()
        .click();
      await page.waitForTimeout(300);
    }
    await page.locator('.nx-calendar__day', { hasText: '2026-10-10' }).first().waitFor();
    await page.locator('.nx-calendar__day', { hasText: '2026-10-10 周六 · 国庆节调休' }).first().waitFor();
    await page.waitForTimeout(500);
    await e.screenshot('e2e-calendar-2026');

    await page.locator('.nx-calendar__next').first().click();
    await page.locator('.nx-calendar__empty').first().waitFor();
    await page.locator('.nx-calendar__date input').first().fill('2027-01-01');
    await page.locator('.nx-calendar__name input').first().fill('元旦');
    await page.locator('.nx-calendar__save').first().click();
    await page.locator('.nx-calendar__day', { hasText: '2027-01-01 周五 · 元旦' }).first().waitFor();
    // A make-up working day on a weekday is refused with a Chinese message.
    await page.locator('.nx-calendar__date input').first().fill('2027-01-04');
    await page.locator('.nx-calendar__kind-work').first().click();
    await page.locator('.nx-calendar__name input').first().fill('调休');
    await page.locator('.nx-calendar__save').first().click();
    await page.getByText('调休上班日应为周六或周日', { exact: false }).first().waitFor();
    await page.waitForTimeout(500);
    await e.screenshot('e2e-calendar-2027');

    await page.locator('.nx-calendar__day', { hasText: '2027-01-01' }).locator('.nx-calendar__remove').first().click();
    await page.locator('.nx-calendar__empty').first().waitFor();
  });
});
