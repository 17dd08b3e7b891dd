import fs from 'node:fs';
import { startE2E, type E2E, loginAs, E2E_START_TIMEOUT } from './browser.js';

describe('H5 app in Chromium: demo login and the home screen', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('a demo rider logs in and sees the four tiles, without the staff entry', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await loginAs(e, 'rider');
    for (const label of ['暖新码', '附近驿站', '随手拍', '积分']) {
      await page.getByText(label, { exact: true }).first().waitFor({ state: 'visible' });
    }
    await page.locator('.nx-tile--access').first().waitFor();
    await page.getByText('王师傅').first().waitFor();
    expect(await page.locator('.nx-staff-entry').count()).toBe(0);
    const file = await e.screenshot('e2e-home-rider');
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });

  it('keeps the rider signed in across a reload (tokens stored, /me answers)', async () => {
    const { page } = e;
    await page.reload();
    await page.locator('.nx-tile--points').first().waitFor();
  });

  it('logs out from 我的 and lands on the login page', async () => {
    const { page } = e;
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByText('退出登录', { exact: true }).first().click();
    // A confirmation may be asked first.
    const confirm = page.getByText('确定', { exact: true });
    if (await confirm.count()) await confirm.first().click();
    await page.locator('.nx-demo-account--rider').first().waitFor();
  });

  it('a community admin sees the staff entry with its role', async () => {
    const { page } = e;
    await loginAs(e, 'community_admin');
    await page.locator('.nx-staff-entry').first().waitFor();
    await e.screenshot('e2e-home-community-admin');
  });
});
