import fs from 'node:fs';
import { fillInput, signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

describe('H5 app in Chromium: the barber adds its own reward, a rider redeems it, the statement shows it', () => {
  let e: E2E;
  let shortCode = '';

  beforeAll(async () => {
    e = await startE2E();
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  async function openSection(title: string) {
    const { page } = e;
    await page.goto(e.base + '/#/packages/me/workbench/index');
    await page.getByText(title, { exact: true }).first().click();
  }

  it('the merchant adds 染发护理 in 我的奖励', async () => {
    const { page } = e;
    await signInFresh(e, 'merchant');
    await page.locator('.nx-staff-entry').first().click();
    await page.getByText('对账单', { exact: true }).first().waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('merchant-workbench');
    await openSection('我的奖励');
    await page.locator('.nx-shop-rewards__add').click();
    await fillInput(e, 'nx-shop-reward-form__title', '染发护理');
    await fillInput(e, 'nx-shop-reward-form__price', '8');
    await fillInput(e, 'nx-shop-reward-form__stock', '5');
    await page.locator('.nx-shop-reward-form__save').click();
    const card = page.locator('.nx-shop-reward', { hasText: '染发护理' });
    await card.getByText(/8 分 · 每月 5 份/).waitFor();
    await page.waitForTimeout(1700); // the 已上架 toast goes
    await e.screenshot('merchant-rewards');
  });

  it('the demo rider redeems it', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.locator('.nx-tile--points').first().click();
    await page.locator('.nx-points__tab--rewards').click();
    const reward = page.locator('.nx-reward', { hasText: '染发护理' });
    await reward.getByText('8 分').waitFor();
    await reward.locator('.nx-reward__redeem').click();
    await page.getByText('兑换', { exact: true }).last().click();
    const voucher = page.locator('.nx-voucher--issued', { hasText: '染发护理' }).first();
    await voucher.waitFor();
    shortCode = (await voucher.locator('.nx-voucher__code').innerText()).trim();
    expect(shortCode).toMatch(/^[A-Z2-9]{4} [A-Z2-9]{4}$/);
    await page.waitForTimeout(300);
    await e.screenshot('merchant-rider-voucher');
  });

  it('the merchant confirms: one green result, no red card; a second scan shows the red card', async () => {
    const { page } = e;
    await signInFresh(e, 'merchant');
    await openSection('扫码核销');
    await fillInput(e, 'nx-merchant__input', shortCode);
    await page.locator('.nx-merchant__check').click();
    await page.locator('.nx-merchant__voucher--valid').getByText('染发护理').waitFor();
    await page.locator('.nx-merchant__confirm').click();
    const done = page.locator('.nx-merchant__done');
    await done.getByText('核销成功').waitFor();
    await done.getByText('染发护理').waitFor();
    expect(await page.locator('.nx-merchant__voucher').count()).toBe(0);
    expect(await page.getByText('已核销过，不能再用').count()).toBe(0);
    expect(await page.locator('.nx-notice--error').count()).toBe(0);
    await page.locator('.nx-statement__today .nx-merchant__tally-value', { hasText: '1' }).waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('merchant-confirmed');

    // The same code again is a real second scan: now the red card, and no green one.
    await fillInput(e, 'nx-merchant__input', shortCode);
    await page.locator('.nx-merchant__check').click();
    await page.locator('.nx-merchant__voucher--used').getByText('已核销过，不能再用').waitFor();
    expect(await page.locator('.nx-merchant__done').count()).toBe(0);
    await page.waitForTimeout(300);
    await e.screenshot('merchant-second-scan');
  });

  it('对账单 shows the redemption by day and exports the month as CSV', async () => {
    const { page } = e;
    await openSection('对账单');
    const day = page.locator('.nx-statement__day', { hasText: '染发护理 × 1' });
    await day.waitFor();
    await page.locator('.nx-statement__count .nx-merchant__tally-value', { hasText: '1' }).waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('merchant-statement');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.nx-statement__export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^对账单-.+-\d{4}-\d{2}\.csv$/);
    const file = await download.path();
    const csv = fs.readFileSync(file!, 'utf8');
    expect(csv).toContain('"染发护理","8"');
    expect(csv).toContain('"合计 1 笔","","8"');
    expect(csv).not.toContain(shortCode.replace(' ', ''));

    // An earlier month is empty, and the next-month step stops at the current month.
    await page.locator('.nx-statement__prev').click();
    await page
      .getByText(/还没有核销/)
      .first()
      .waitFor();
    await page.locator('.nx-statement__next').click();
    await day.waitFor();
  });

  it("the district admin sets the shops' limits and the settlement value; the shop's statement shows what is owed", async () => {
    const { page } = e;
    await signInFresh(e, 'district_admin');
    await openSection('奖励与积分规则');
    await page.getByText('积分规则', { exact: true }).first().click();
    await fillInput(e, 'nx-reward-limits__max', '50');
    await fillInput(e, 'nx-reward-limits__stock', '20');
    await page.locator('.nx-reward-limits__save').click();
    await page.waitForTimeout(1700); // the 已保存 toast goes
    await page.locator('.nx-reward-limits').scrollIntoViewIfNeeded();
    await e.screenshot('merchant-admin-limits');

    await page.getByText('兑换奖励', { exact: true }).first().click();
    const card = page.locator('.nx-managed-reward', { hasText: '染发护理' }).first();
    await card.getByText('修改').click();
    await fillInput(e, 'nx-reward-form__settlement', '15');
    await page.locator('.nx-reward-form').getByText('保存').click();
    await card.getByText('结算金额：¥15.00 / 张').waitFor();
    await page.waitForTimeout(1700);
    await e.screenshot('merchant-admin-rewards');
    await card.locator('.nx-managed-reward__statement').click();
    await page.locator('.nx-statement__owed-value', { hasText: '¥15.00' }).waitFor();
    await page.locator('.nx-statement__day', { hasText: '染发护理 × 1' }).waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('merchant-admin-statement');
  });

  it('the merchant cannot set a price past the district limit: the field is named in Chinese', async () => {
    const { page } = e;
    await signInFresh(e, 'merchant');
    await openSection('我的奖励');
    await page.getByText(/区规定：积分价格不超过 50 分，每期名额最多 20 份/).waitFor();
    const card = page.locator('.nx-shop-reward', { hasText: '染发护理' });
    await card.getByText('结算金额：¥15.00 / 张').waitFor();
    await card.getByText('修改').click();
    await fillInput(e, 'nx-shop-reward-form__price', '60');
    await page.locator('.nx-shop-reward-form__save').click();
    await page.locator('.nx-notice--error', { hasText: '积分价格超出本区规定' }).waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('merchant-limit-refused');
  });
});
