import { signInFresh, startE2E, testPhoto, type E2E, E2E_START_TIMEOUT } from './browser.js';

/**
 * Field crews in Chromium (H5): the street operator dispatches a demo report (呼家楼路口东侧信号灯不亮,
 * accepted) to 呼家楼街道应急队 naming its member 钱队员; the crew member signs in, finds it in
 * 我的处置任务 from the 工作台, marks 已到场 and 已修复 with a photo.
 */
describe('H5 app in Chromium: a field crew gets a dispatch and fixes it', () => {
  let e: E2E;
  let fixedPhoto: string;

  beforeAll(async () => {
    e = await startE2E();
    fixedPhoto = await testPhoto('fixed', '#15803d');
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('the street operator dispatches the accepted report to the team, naming its member', async () => {
    const { page } = e;
    await signInFresh(e, 'street_operator');
    await page.goto(e.base + '/#/packages/reports/staff/queue/index');
    await page.locator('.nx-queue__item', { hasText: '信号灯' }).first().click();
    await page.locator('.nx-action--choose-member').first().click();
    await page.locator('.nx-action--dispatch-member', { hasText: '钱队员' }).first().waitFor();
    await e.shot('crews-dispatch-choose');
    await page.locator('.nx-action--dispatch-member', { hasText: '钱队员' }).first().click();
    await page.locator('.nx-staff-report__team', { hasText: '钱队员' }).first().waitFor();
    await page.locator('.nx-staff-report__due').first().waitFor();
    await e.shot('crews-dispatched');
  });

  it('the crew member finds it in 我的处置任务, marks on site and fixed with a photo', async () => {
    const { page } = e;
    await signInFresh(e, 'crew_member');
    await page.goto(e.base + '/#/packages/me/workbench/index');
    await page.locator('.nx-staff__section--open', { hasText: '我的处置任务' }).first().click();
    const item = page.locator('.nx-crew__item', { hasText: '信号灯' }).first();
    await item.waitFor();
    await item.locator('.nx-crew__mine').waitFor();
    expect(await item.locator('.nx-crew__place').innerText()).toContain('呼家楼街道');
    expect(await item.locator('.nx-crew__due').innerText()).toContain('前到场');
    await e.shot('crews-queue');

    await item.click();
    // A crew member sees only its own steps.
    await page.locator('.nx-action--on-site').first().waitFor();
    expect(await page.locator('.nx-action--accept, .nx-action--dispatch, .nx-action--close').count()).toBe(0);
    await page.locator('.nx-action--on-site').first().click();
    await page.locator('input.nx-photos__input').first().setInputFiles(fixedPhoto);
    await page.locator('.nx-photos__item').first().waitFor();
    await e.shot('crews-on-site');
    await page.locator('.nx-action--fix').first().click();
    await page.locator('.nx-timeline__item--fixed').first().waitFor();
    expect(await page.locator('.nx-action--close').count()).toBe(0);
    await e.shot('crews-fixed');

    // Back in the queue it has moved to 已完成.
    await page.goto(e.base + '/#/packages/reports/staff/crew/index');
    await page.locator('.nx-queue__tab', { hasText: '已完成' }).first().click();
    await page.locator('.nx-crew__item', { hasText: '信号灯' }).first().waitFor();
    await e.shot('crews-done');
  });

  it('the street queue marks overdue reports by the deadline they missed', async () => {
    const { page } = e;
    await signInFresh(e, 'street_operator');
    await page.goto(e.base + '/#/packages/reports/staff/queue/index');
    // The demo's submitted report is long past its accept deadline.
    const late = page.locator('.nx-queue__item', { hasText: '井盖' }).first();
    await late.locator('.nx-overdue', { hasText: '超时未受理' }).waitFor();
    await e.shot('crews-street-queue');
  });
});
