import { signInFresh, startE2E, testPhoto, type E2E, E2E_START_TIMEOUT } from './browser.js';

describe('H5 app in Chromium: 法律援助 from rider to the mediation centre and back', () => {
  let e: E2E;
  let photo: string;

  beforeAll(async () => {
    e = await startE2E();
    photo = await testPhoto('payslip', '#6d28d9', { width: 900, height: 1200 });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('a rider finds 法律援助 on the home page and opens a wage-arrears case with a screenshot', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.locator('.nx-tile--legal').first().click();
    await page.getByText('一站式调解中心').first().waitFor();
    await e.shot('e2e-legal-home');
    await page.locator('.nx-legal__new').first().click();
    await page.locator('.nx-legal__chip', { hasText: '欠薪' }).first().click();
    await page
      .locator('.nx-legal-new__description textarea')
      .first()
      .fill('站点拖欠我 11 月工资 4200 元，多次催要未果');
    await page.locator('.nx-legal-new__party input').first().fill('某配送站');
    await page.locator('.nx-legal-new__request textarea').first().fill('补发工资');
    await page.locator('input.nx-photos__input').first().setInputFiles(photo);
    await page.locator('.nx-photos__item').first().waitFor();
    await e.shot('e2e-legal-new');
    await page.locator('.nx-legal-new__submit').first().click();
    await page.locator('.nx-legal-case').first().waitFor();
    await page.locator('.nx-legal-case .nx-legal__state--submitted').first().waitFor();
    await page.locator('.nx-legal__photo').first().waitFor();
    // The photo comes through its signed link.
    await page.waitForFunction(() => {
      const img = document.querySelector('.nx-legal__photo img') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await e.shot('e2e-legal-submitted');
  });

  it('the mediator accepts, assigns, makes an appointment at a station and closes with an outcome', async () => {
    const { page } = e;
    await signInFresh(e, 'mediator');
    await page.goto(e.base + '/#/packages/legal/staff/inbox/index');
    await page.locator('.nx-legal__item', { hasText: '欠薪' }).first().click();
    await page.getByText('站点拖欠我 11 月工资', { exact: false }).first().waitFor();
    await page.locator('.nx-legal-staff__accept').first().click();
    await page.locator('.nx-legal-staff-case .nx-legal__state--accepted').first().waitFor();
    await page.locator('.nx-legal-staff__assign').first().click();
    await page.locator('.nx-legal-staff__mediator').first().click();
    await page.locator('.nx-legal-staff-case .nx-legal__state--mediating').first().waitFor();
    await page.locator('.nx-legal-staff__appoint').first().click();
    await page.locator('.nx-legal-staff__station').first().click();
    await page.locator('.nx-legal-staff__appoint-submit').first().click();
    await page.getByText('法律咨询室', { exact: false }).first().waitFor();
    await e.shot('e2e-legal-staff-appointment');
    await page.locator('.nx-legal-staff__close').first().click();
    await page.locator('.nx-legal__chip', { hasText: '调解成功' }).first().click();
    await page.locator('.nx-legal-staff__close-note textarea').first().fill('双方达成协议，站点三日内补发工资');
    await page.locator('.nx-legal-staff__close-submit').first().click();
    await page.locator('.nx-legal-staff-case .nx-legal__state--closed').first().waitFor();
    await e.shot('e2e-legal-staff-closed');
    await page.goto(e.base + '/#/packages/legal/staff/figures/index');
    await page.getByText('受理用时（中位数）').first().waitFor();
    await e.shot('e2e-legal-figures');
  });

  it('the rider sees the outcome on the timeline and rates it', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.goto(e.base + '/#/packages/legal/index');
    await page.locator('.nx-legal__item', { hasText: '欠薪' }).first().click();
    await page.getByText('调解成功', { exact: false }).first().waitFor();
    await page.locator('.nx-legal__star').nth(4).click();
    await page.locator('.nx-legal-case__comment textarea').first().fill('调解员很耐心');
    await page.locator('.nx-legal-case__rate-submit').first().click();
    await page.getByText('★★★★★ 调解员很耐心').first().waitFor();
    await page.locator('.nx-legal-case__reopen', { hasText: '重新申请调处' }).first().waitFor();
    await e.shot('e2e-legal-rated');
  });
});
