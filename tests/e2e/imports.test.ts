import { COMMUNITY_COLUMNS } from '@nuanxin/shared/imports/constants';
import { signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

// Demo streets (seed): 建外 116.435–116.465 × 39.895–39.915, 呼家楼 116.45–116.475 × 39.915–39.935.
function row(i: number, over: Record<string, string> = {}): string[] {
  const spec: Record<string, string> = {
    code: `E2E-${String(i).padStart(4, '0')}`,
    name: `导入小区${i}`,
    lng: (116.452 + (i % 20) * 0.001).toFixed(4),
    lat: (39.918 + (i % 15) * 0.001).toFixed(4),
    propertyCompany: '呼家楼物业',
    gates: '东门:人工; 北门:智能',
    platforms: '美团',
    startsOn: '2026-01-01',
    approval: '人工',
    ...over,
  };
  return COMMUNITY_COLUMNS.map((c) => spec[c.key] ?? '');
}
const csv = (rows: string[][]) =>
  [COMMUNITY_COLUMNS.map((c) => c.header), ...rows].map((r) => r.join(',')).join('\n') + '\n';

describe('H5 app in Chromium: 批量导入小区 and 驿站管理', () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E();
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('the workbench links 驿站管理 and 批量导入小区 for a district admin', async () => {
    await signInFresh(e, 'district_admin');
    await e.page.goto(e.base + '/#/packages/me/workbench/index');
    await e.page.getByText('批量导入小区').first().waitFor();
    const card = e.page.locator('.nx-staff__section', { hasText: '驿站管理' });
    expect(await card.textContent()).toContain('打开');
    await card.scrollIntoViewIfNeeded();
    await e.shot('imports-workbench');
  });

  it('uploads a CSV with one bad row, sees the report, skips it, follows the progress and sees the result', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/packages/imports/staff/communities/index');
    await page.getByText('下载 Excel 模板').first().waitFor();
    const rows = Array.from({ length: 1500 }, (_, i) => row(i));
    rows[6] = row(6, { lat: '北纬39.9' });
    await page.locator('.nx-import__file-input').setInputFiles({
      name: '朝阳区小区.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv(rows)),
    });
    // The dry run's bar, if the check is still going when we look.
    await page
      .locator('.nx-import__bar')
      .first()
      .waitFor({ timeout: 3000 })
      .then(() => e.screenshot('imports-checking'))
      .catch(() => undefined);
    await page.locator('.nx-import__table').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('.nx-import__summary').textContent()).toContain('共 1500 行：正确 1499 行，错误 1 行');
    const bad = page.locator('.nx-import__tr').nth(1);
    expect(await bad.textContent()).toContain('8');
    expect(await bad.textContent()).toContain('纬度');
    expect(await bad.textContent()).toContain('纬度应为数字');
    // Confirm stays off until the bad row is fixed or skipped.
    expect(await page.locator('.nx-import__go').getAttribute('disabled')).not.toBeNull();
    await e.shot('imports-report');

    await page.locator('.nx-import__skip').click();
    await page.locator('.nx-import__go').click();
    await page
      .locator('.nx-import__status--importing')
      .first()
      .waitFor({ timeout: 3000 })
      .then(() => e.screenshot('imports-progress'))
      .catch(() => undefined);
    await page.getByText('导入完成：新增 1499 条').first().waitFor({ timeout: 60_000 });
    await e.shot('imports-result');
  });

  it('驿站管理: search a station, edit its name, close it', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/packages/stations/staff/manage/index');
    await page.locator('.nx-station-admin').first().waitFor();
    await page.locator('.nx-stations-manage__q input').fill('呼家楼');
    await page.locator('.nx-stations-manage__find').click();
    await page
      .getByText(/共 \d+ 个驿站/)
      .first()
      .waitFor();
    await e.shot('imports-stations-search');
    const card = page.locator('.nx-station-admin', { hasText: '呼家楼全时驿站' }).first();
    await card.waitFor();
    expect(await page.locator('.nx-station-admin', { hasNotText: '呼家楼' }).count()).toBe(0);
    await card.locator('.nx-station-admin__edit').click();
    await card.locator('.nx-station-admin__name input').fill('呼家楼全时驿站（东）');
    await e.shot('imports-stations-edit');
    await card.locator('.nx-station-admin__save').click();
    await page.getByText('呼家楼全时驿站（东）').first().waitFor();
    await card.locator('.nx-station-admin__note input').fill('装修停用至月底');
    await card.locator('.nx-station-admin__toggle').click();
    await card.getByText('恢复开放').first().waitFor();
    expect(await card.textContent()).toContain('装修停用至月底');
    await e.shot('imports-stations');
  });
});
