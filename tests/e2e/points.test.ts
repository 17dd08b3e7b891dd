import { runVoucherJobs } from '../../server/src/points/index.js';
import { pointsContext } from '../fixtures/points.js';
import { startE2E, type E2E, loginAs, E2E_START_TIMEOUT } from './browser.js';

describe('H5 app in Chromium: a rider redeems a haircut, the barber confirms it', () => {
  let e: E2E;
  let shortCode = '';

  beforeAll(async () => {
    e = await startE2E();
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('the demo rider sees 24 points with a history that says why', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await loginAs(e, 'rider');
    await page.locator('.nx-tile--points').first().click();
    await page.locator('.nx-points__balance-value', { hasText: '24' }).waitFor();
    await page.getByText('随手拍上报被受理').first().waitFor();
    await page.getByText('送餐助老：重阳节为金台里独居老人送餐').first().waitFor();
    await page.waitForTimeout(500); // the page slides in
    await e.screenshot('e2e-points-rider-balance');
  });

  it('redeems 理发 and shows a large QR with the short code', async () => {
    const { page } = e;
    await page.locator('.nx-points__tab--rewards').click();
    const haircut = page.locator('.nx-reward', { hasText: '老街坊理发' });
    await haircut.getByText('10 分').waitFor();
    await e.screenshot('e2e-points-rewards');
    await haircut.locator('.nx-reward__redeem').click();
    // Taro's H5 modal: confirm with its primary button.
    await page.getByText('兑换', { exact: true }).last().click();
    const voucher = page.locator('.nx-voucher--issued').first();
    await voucher.waitFor();
    const qr = voucher.locator('.nx-voucher__qr');
    await qr.waitFor();
    const box = await qr.boundingBox();
    // Large enough to scan from a counter: well over half the 390px-wide screen.
    expect(box!.width).toBeGreaterThan(250);
    shortCode = (await voucher.locator('.nx-voucher__code').innerText()).trim();
    expect(shortCode).toMatch(/^[A-Z2-9]{4} [A-Z2-9]{4}$/);
    await page.locator('.nx-points__balance-value', { hasText: '14' }).waitFor();
    await e.screenshot('e2e-points-voucher');
  });

  it('a day before the voucher expires, the rider finds a notice in 消息 and marks everything read', async () => {
    const { page } = e;
    // The scheduler's vouchers job, run as if 6.5 days had passed (the voucher is valid for 7).
    const later = pointsContext(e.t.db, new Date(Date.now() + 6.5 * 86400_000));
    expect(await runVoucherJobs(later)).toMatchObject({ voucherNotices: 1 });
    expect(await runVoucherJobs(later)).toMatchObject({ voucherNotices: 0 });
    await page.goto(e.base + '/#/packages/me/notifications/index');
    const item = page.locator('.nx-inbox__item--unread', { hasText: '兑换券即将过期' });
    await item.waitFor();
    await item.getByText('「理发」（老街坊理发）').first().waitFor({ state: 'attached' });
    await page
      .getByText(/条未读/)
      .first()
      .waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('e2e-points-inbox-unread');
    await page.locator('.nx-inbox__read-all').click();
    await page.locator('.nx-inbox__item--unread').first().waitFor({ state: 'detached' });
    await page.waitForTimeout(200);
    await e.screenshot('e2e-points-inbox-read');
  });

  it('the barber types the short code, sees what it is for, and confirms', async () => {
    const { page } = e;
    await page.evaluate(() => localStorage.clear());
    await page.goto(e.base + '/');
    await loginAs(e, 'merchant');
    await page.locator('.nx-staff-entry').first().click();
    await page.getByText('扫码核销', { exact: true }).first().click();
    await page.locator('.nx-merchant__input input, input.nx-merchant__input').first().fill(shortCode);
    await page.locator('.nx-merchant__check').click();
    const card = page.locator('.nx-merchant__voucher--valid');
    await card.waitFor();
    await card.getByText('理发').first().waitFor();
    // The shop sees the rider's surname only (王**), never the full name.
    await card.getByText('骑手：王**').waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('e2e-points-merchant-valid');
    await page.locator('.nx-merchant__confirm').click();
    await page.locator('.nx-merchant__done').waitFor();
    await page.locator('.nx-merchant__tally-value', { hasText: '1' }).first().waitFor();
    await e.screenshot('e2e-points-merchant-confirmed');
  });

  it('the rider sees the voucher used and the balance lowered', async () => {
    const { page } = e;
    await page.evaluate(() => localStorage.clear());
    await page.goto(e.base + '/');
    await loginAs(e, 'rider');
    await page.locator('.nx-tile--points').first().click();
    await page.locator('.nx-points__balance-value', { hasText: '14' }).waitFor();
    await page.locator('.nx-points__tab--vouchers').click();
    await page.locator('.nx-voucher--used').getByText('已使用').waitFor();
    await page.locator('.nx-points__tab--overview').click();
    await page.getByText('兑换券已核销').first().waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('e2e-points-rider-after');
  });

  it('the district admin raises the haircut price in 奖励与积分规则 and sees the district rules', async () => {
    const { page } = e;
    await page.evaluate(() => localStorage.clear());
    await page.goto(e.base + '/');
    await loginAs(e, 'district_admin');
    await page.locator('.nx-staff-entry').first().click();
    await page.getByText('奖励与积分规则', { exact: true }).first().click();
    const card = page.locator('.nx-managed-reward', { hasText: '老街坊理发' }).first();
    await card.waitFor();
    await card.getByText('修改').click();
    await page.locator('.nx-reward-form__price input, input.nx-reward-form__price').first().fill('12');
    await page.locator('.nx-reward-form').getByText('保存').click();
    await page.locator('.nx-managed-reward', { hasText: '12 分' }).first().waitFor();
    await page.waitForTimeout(1700); // the 已保存 toast goes
    await e.screenshot('e2e-points-staff-rewards');
    await page.getByText('积分规则', { exact: true }).first().click();
    await page.locator('.nx-rule--report_accepted').waitFor();
    await page.waitForTimeout(200);
    await e.screenshot('e2e-points-staff-rules');
  });
});
