import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { PRIVACY_GUIDE_VERSION } from '@nuanxin/shared/privacy/constants';
import { ARTIFACTS, fillInput, loginAs, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

// 我的 → 隐私与数据 in the H5 build, as the demo rider (王建国) uses it: the record of what is kept
// and who sees it, agreeing to the privacy guide, exporting all data (a real browser download of a
// zip), and deleting the account — the confirmation page, back to login, and no way back in.
describe('H5 app in Chromium: privacy rights (record, export, delete)', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  /** After Taro's page slide-in (about 300 ms), so the picture shows the page, not the transition. */
  it('opens 我的 → 隐私与数据, reads what is kept and for how long, and agrees to the guide', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await loginAs(e, 'rider');
    await page.goto(e.base + '/#/pages/me/index');
    // No acceptance on record yet: the button says so.
    await page.getByText('隐私与数据（指引已更新，请确认）').first().click();
    await page.locator('.nx-privacy-page__consent--ask').first().waitFor();
    const days = `${e.t.config.access.eventRetentionDays} 天后删除`;
    await page.getByText(days, { exact: false }).first().waitFor();
    await e.shot('e2e-privacy-overview');
    await page.locator('.nx-privacy-page__consent .nx-button--primary').first().click();
    await page.getByText(`同意了 ${PRIVACY_GUIDE_VERSION} 版`, { exact: false }).first().waitFor();
    expect(await page.locator('.nx-privacy-page__consent--ask').count()).toBe(0);
    await e.shot('e2e-privacy-consented');
  });

  it('exports all data: the browser downloads one zip with the rider’s own data', async () => {
    const { page } = e;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByText('导出我的数据', { exact: true }).first().click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^nuanxin-my-data-\d{8}\.zip$/);
    const file = path.join(ARTIFACTS, 'e2e-privacy-export.zip');
    await download.saveAs(file);
    const files = unzipSync(new Uint8Array(fs.readFileSync(file)));
    const profile = JSON.parse(strFromU8(files['profile.json']!));
    expect(profile.riderProfile.realName).toBe('王建国');
    expect(JSON.parse(strFromU8(files['consents.json']!))).toEqual([
      expect.objectContaining({ version: PRIVACY_GUIDE_VERSION, channel: 'h5' }),
    ]);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['passes.json', 'reports.json', 'points.json', 'vouchers.json']),
    );
    await page.locator('.nx-privacy-page__done').first().waitFor();
    await e.shot('e2e-privacy-exported');
  });

  it('deletes the account after the confirmation page, returns to login, and cannot sign back into the old data', async () => {
    const { page } = e;
    await page.locator('.nx-privacy-page__delete').first().click();
    await page.getByText('注销后无法恢复').first().waitFor();
    await page.getByText('剩余积分全部作废', { exact: false }).first().waitFor();
    const submit = page.locator('.nx-delete-account .nx-button--danger').first();
    // The button waits for the word.
    expect(await submit.getAttribute('disabled')).not.toBeNull();
    await e.shot('e2e-privacy-delete-confirm');
    await fillInput(e, 'nx-delete-account__input', '注销');
    await submit.scrollIntoViewIfNeeded();
    expect(await submit.getAttribute('disabled')).toBeNull();
    await e.shot('e2e-privacy-delete-typed');
    await submit.click();
    // Back at login; the demo rider is no longer offered, and its old session is gone.
    await page.locator('.nx-demo-account--rider2').first().waitFor();
    expect(await page.locator('.nx-demo-account--rider').count()).toBe(0);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => /session|token/i.test(k)))).toEqual([]);
    await e.shot('e2e-privacy-after-delete');
    const again = await e.t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/demo-login',
      payload: { account: 'rider' },
    });
    expect(again.statusCode).toBe(404);
  });
});
