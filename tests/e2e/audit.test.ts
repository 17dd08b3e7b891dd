import fs from 'node:fs';
import { demoLogin } from '../fixtures/factories.js';
import { loginAs, logout, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';
import { seedId } from '../../server/src/seed/demo.js';

// The audit log and what riders are told, in the H5 build:
// 1. the demo rider has applied to 呼家楼北 (C-HJL-02) and 望京花园 (C-WJ-01); the community admin
//    approves the first in 骑手申请审核; the other community's admin rejects the second (API);
// 2. the district admin opens 操作记录 from the 工作台, sees the approve row (who, role, what,
//    before → after) and exports the CSV;
// 3. the rider's home page shows the banner (refused pass, unread messages) and 我的 carries the
//    unread badge.
describe('H5 app in Chromium: the audit page, the home banner and the unread badge', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
    const rider = await demoLogin(e.t.app, 'rider');
    const applied = await e.t.app.inject({
      method: 'POST',
      url: '/api/v1/access/passes',
      headers: { authorization: `Bearer ${rider.accessToken}` },
      payload: { communityIds: [seedId('community:C-HJL-02'), seedId('community:C-WJ-01')] },
    });
    if (applied.statusCode !== 200) throw new Error(`apply → ${applied.statusCode} ${applied.body}`);
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  /** After Taro's page slide-in (about 300 ms), so the picture shows the page, not the transition. */
  async function openStaff(title: string) {
    await e.page.locator('.nx-staff-entry').first().click();
    await e.page.getByText(title, { exact: true }).first().click();
  }

  it('the community admin approves the rider’s application', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await loginAs(e, 'community_admin');
    await openStaff('骑手申请审核');
    const item = page.locator('.nx-review__item', { hasText: '王建国' }).first();
    await item.waitFor();
    await item.locator('.nx-review__approve').first().click();
    await page.locator('.nx-review__item', { hasText: '王建国' }).first().waitFor({ state: 'detached' });
    await logout(e);

    // The other community's admin refuses the second application, with a reason the rider reads.
    const admin2 = await demoLogin(e.t.app, 'community_admin2');
    const queue = await e.t.app.inject({
      method: 'GET',
      url: '/api/v1/access/review?status=pending',
      headers: { authorization: `Bearer ${admin2.accessToken}` },
    });
    const pending = (queue.json().items as { id: string; rider: { realName: string } }[]).find(
      (i) => i.rider.realName === '王建国',
    )!;
    const rejected = await e.t.app.inject({
      method: 'POST',
      url: `/api/v1/access/passes/${pending.id}/reject`,
      headers: { authorization: `Bearer ${admin2.accessToken}` },
      payload: { reason: '站点不在本小区服务范围' },
    });
    expect(rejected.statusCode).toBe(200);
  });

  it('the district admin sees the approve in 操作记录 and exports the CSV', async () => {
    const { page } = e;
    await loginAs(e, 'district_admin');
    await openStaff('操作记录');
    const row = page.locator('.nx-audit__entry', { hasText: '批准通行申请' }).first();
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('金台里物业 张经理');
    expect(text).toContain('社区/物业管理员');
    expect(text).toContain('状态');
    expect(text).toContain('待审核');
    expect(text).toContain('已通过');
    await page.locator('.nx-audit__entry', { hasText: '驳回通行申请' }).first().waitFor();
    await e.shot('audit-district-list');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.nx-audit__export').first().click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^操作记录-.*\.csv$/);
    expect(csv).toContain('"批准通行申请","pass.approve"');
    expect(csv).toContain('金台里物业 张经理');
    await logout(e);
  });

  it('the rider sees the banner on the home page and the unread badge on 我的', async () => {
    const { page } = e;
    await loginAs(e, 'rider');
    const refused = page.locator('.nx-attention__item--pass_refused').first();
    await refused.waitFor();
    expect(await refused.textContent()).toContain('通行证未通过或被撤销');
    const unread = page.locator('.nx-attention__item--unread').first();
    await unread.waitFor();
    expect(await unread.textContent()).toMatch(/\d+ 条未读消息/);
    await e.shot('audit-rider-banner');

    // Taro's H5 tab bar renders the badge as a text element in the 我的 item.
    const badge = page.locator('.weui-tabbar__item').nth(3).locator('.weui-badge');
    await badge.waitFor();
    expect(Number(await badge.textContent())).toBeGreaterThanOrEqual(2);
    await page.locator('.weui-tabbar__item').nth(3).click();
    await page
      .getByText(/消息（\d+ 条未读）/)
      .first()
      .waitFor();
    await e.shot('audit-rider-badge');

    // The refused pass opens the 暖新码 page with the reason.
    await page.goto(e.base + '/#/pages/home/index');
    await page.locator('.nx-attention__item--pass_refused').first().click();
    await page.getByText('站点不在本小区服务范围').first().waitFor();
    await e.shot('audit-rider-pass-refused');
  });
});
