import fs from 'node:fs';
import { gateCodeUrl } from '../../server/src/access/index.js';
import { seedId } from '../../server/src/seed/demo.js';
import { fillInput, logout as logoutE2E, startE2E, type E2E, loginAs, E2E_START_TIMEOUT } from './browser.js';
import { demoGateWgs84, validIdNumber } from '../fixtures/access.js';

// The whole 暖新码 flow in the H5 build: rider2 (no profile yet) registers and applies, the
// community admin approves, the rider scans the gate code and sees 已准入 with the building guide.
// H5 has no camera: the test injects `window.wx.scanQRCode` (what Taro's H5 scanCode calls) and
// also uses the manual code entry.
describe('H5 app in Chromium: 暖新码 access end to end', () => {
  let e: E2E;
  beforeAll(async () => {
    // At the gate the rider scans (the location check is on by default).
    e = await startE2E({ geolocation: demoGateWgs84('C-HJL-02:south') });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  const fill = (cls: string, value: string) => fillInput(e, cls, value);
  const logout = () => logoutE2E(e);

  it('rider2 registers once and applies to 呼家楼北社区 (pending review)', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await loginAs(e, 'rider2');
    await page.locator('.nx-tile--access').first().click();
    await page.getByText('登记一次，以后扫码进门').waitFor();
    await fill('nx-form__input--realName', '李大力');
    await fill('nx-form__input--phone', '13912340001');
    await fill('nx-form__input--idNumber', validIdNumber());
    await page.locator('.nx-chip--platform-meituan').first().click();
    await fill('nx-form__input--station', '美团呼家楼站');
    await e.screenshot('e2e-access-register');
    await page.locator('.nx-register__submit').first().click();
    await page.getByText('申请通行证', { exact: true }).first().waitFor();
    await page.locator('.nx-apply__item', { hasText: '呼家楼北社区' }).first().click();
    await page.locator('.nx-apply__submit').first().click();
    await page.locator('.nx-pass--pending', { hasText: '呼家楼北社区' }).first().waitFor();
    await e.screenshot('e2e-access-passes-pending');
  });

  it('before approval a scan says 未准入 with the reason and the next step', async () => {
    const { page } = e;
    const code = gateCodeUrl(e.t.config.access, seedId('gate:C-HJL-02:south'), 1);
    await fill('nx-access__manual-input', code);
    await page.locator('.nx-access__manual-submit').first().click();
    await page.locator('.nx-result--denied').first().waitFor();
    await page.getByText('通行申请正在审核中').first().waitFor();
    await page.getByText('请等待物业审核，审核通过后再扫码').first().waitFor();
    await e.screenshot('e2e-access-denied-pending');
    await page.locator('.nx-result__close').first().click();
    await logout();
  });

  it('the community admin approves it from the review queue (masked phone)', async () => {
    const { page } = e;
    await loginAs(e, 'community_admin');
    await page.locator('.nx-staff-entry').first().click();
    await page.getByText('骑手申请审核', { exact: true }).first().click();
    const item = page.locator('.nx-review__item', { hasText: '李大力' }).first();
    await item.waitFor();
    expect(await item.textContent()).toContain('139****0001');
    expect(await item.textContent()).not.toContain('13912340001');
    await e.screenshot('e2e-access-review');
    await item.locator('.nx-review__approve').first().click();
    await page.getByText('没有待审核的申请').first().waitFor();
    await logout();
  });

  it('the rider scans the gate code and sees 已准入, then the building guide and parking', async () => {
    const { page } = e;
    await loginAs(e, 'rider2');
    await page.locator('.nx-tile--access').first().click();
    await page.locator('.nx-pass--approved', { hasText: '呼家楼北社区' }).first().waitFor();
    const code = gateCodeUrl(e.t.config.access, seedId('gate:C-HJL-02:south'), 1);
    await page.evaluate((url) => {
      // What the WeChat JS-SDK would do after the camera read the poster.
      (window as unknown as { wx: unknown }).wx = {
        scanQRCode: (opts: { success?: (r: unknown) => void }) =>
          setTimeout(() => opts.success?.({ errMsg: 'scanQRCode:ok', resultStr: url }), 50),
      };
    }, code);
    await page.locator('.nx-access__scan').first().click();
    await page.locator('.nx-result--granted').first().waitFor();
    await page.getByText('已准入', { exact: true }).first().waitFor();
    await page.getByText('呼家楼北社区 · 南门').first().waitFor();
    const granted = await e.screenshot('e2e-access-granted');
    expect(fs.statSync(granted).size).toBeGreaterThan(10_000);
    await page.locator('.nx-result__guide').first().click();
    await page.getByText('呼家楼北社区 楼栋指引').first().waitFor();
    await page.getByText('东门内右手边电动车停车区（有充电桩）').first().waitFor();
    await page.getByText('3号楼', { exact: true }).first().waitFor();
    await e.screenshot('e2e-access-guide');
  });
});
