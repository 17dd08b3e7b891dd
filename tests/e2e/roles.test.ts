import { issueRiderCode } from '../../server/src/access/index.js';
import { seedId } from '../../server/src/seed/demo.js';
import { fillInput, loginAs, logout, startE2E, type E2E } from './browser.js';

// Staff invitations and gate guards in the H5 build (demo data):
// 1. the district admin issues a 门岗 invitation for 金台里小区 东门 (the code shown once), and
//    issues and revokes another;
// 2. a fresh rider session (demo rider2) redeems the code on 我的, lands on the workbench as 门岗,
//    opens 查验骑手码 with its gate already chosen, checks the demo rider's code: 已准入, and the
//    entry is in today's list;
// 3. the community admin of two communities chooses a gate and checks.
describe('H5 app in Chromium: staff invitations and gate guards', () => {
  let e: E2E;
  let code = '';
  beforeAll(async () => {
    e = await startE2E();
  });
  afterAll(async () => {
    await e?.close();
  });

  /** After Taro's page slide-in (about 300 ms), so the picture shows the page, not the transition. */
  const riderCode = () => issueRiderCode(e.t.config.access, seedId('user:rider'), new Date()).code;
  async function openStaff(title: string) {
    await e.page.locator('.nx-staff-entry').first().click();
    await e.page.getByText(title, { exact: true }).first().click();
  }
  const chip = (block: string, text: string) => e.page.locator(`.${block} .nx-chip`, { hasText: text }).first();

  it('the district admin issues a gate guard invitation; the code is shown once, big, with a copy button', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await loginAs(e, 'district_admin');
    await openStaff('工作人员邀请');
    await page.locator('.nx-invite__form').first().waitFor();
    await e.shot('roles-invite-page');
    await chip('nx-invite__roles', '门岗').click();
    await chip('nx-invite__communities', '金台里小区').click();
    await chip('nx-invite__gates', '东门').click();
    await fillInput(e, 'nx-invite__name-input', '东门 吴师傅');
    await chip('nx-invite__expiry', '7 天').click();
    await e.shot('roles-issue-form');
    await page.locator('.nx-invite__issue').first().click();
    const shown = page.locator('.nx-invite__code').first();
    await shown.waitFor();
    code = ((await shown.textContent()) ?? '').replace(/\s/g, '');
    expect(code).toMatch(/^[A-Z2-9]{10}$/);
    await page.locator('.nx-invite__item', { hasText: '东门 吴师傅' }).first().waitFor();
    expect(await page.locator('.nx-invite__item', { hasText: '东门 吴师傅' }).first().textContent()).toContain(
      '待使用',
    );
    await e.shot('roles-issued');
  });

  it('it issues a second invitation and revokes it', async () => {
    const { page } = e;
    await page.locator('.nx-button', { hasText: '完成' }).first().click();
    await chip('nx-invite__roles', '社区/物业管理员').click();
    await chip('nx-invite__scope', '幸福二村').click();
    await fillInput(e, 'nx-invite__name-input', '幸福二村 郑主任');
    await page.locator('.nx-invite__issue').first().click();
    await page.locator('.nx-invite__code').first().waitFor();
    const item = page.locator('.nx-invite__item', { hasText: '幸福二村 郑主任' }).first();
    await item.locator('.nx-invite__revoke').click();
    await page.getByText('撤销', { exact: true }).last().click();
    await page
      .locator('.nx-invite__item', { hasText: '幸福二村 郑主任' })
      .locator('.nx-invite__status--revoked')
      .waitFor();
    await page.locator('.nx-invite__filter--revoked').first().click();
    await page.locator('.nx-invite__item', { hasText: '幸福二村 郑主任' }).first().waitFor();
    await e.shot('roles-revoked');
    await logout(e);
  });

  it('a fresh rider redeems the code and checks riders at its gate, already chosen', async () => {
    const { page } = e;
    await loginAs(e, 'rider2');
    // Signed in once home shows; only then open 我的 (else it finds no session and goes to login).
    await page.locator('.nx-tile--access').first().waitFor();
    await page.goto(e.base + '/#/pages/me/index');
    await fillInput(e, 'nx-me__input', code.toLowerCase());
    await page.getByText('绑定', { exact: true }).first().click();
    // The workbench opens with the guard's section and its gates.
    await page.locator('.nx-staff__who', { hasText: '门岗' }).first().waitFor();
    expect(await page.locator('.nx-staff__who').first().textContent()).toContain('金台里小区 · 东门');
    await e.shot('roles-guard-workbench');
    await page.getByText('查验骑手码', { exact: true }).first().click();
    await page.locator('.nx-check__gate', { hasText: '所在门岗：金台里小区 · 东门' }).first().waitFor();
    await fillInput(e, 'nx-check__manual', riderCode());
    await page.locator('.nx-check__submit').first().click();
    await page.locator('.nx-check__result--granted').first().waitFor();
    await page.locator('.nx-check__today .nx-event', { hasText: '准入' }).first().waitFor();
    expect(await page.locator('.nx-check__today').first().textContent()).toContain('王*国');
    await e.shot('roles-guard-check');
    await logout(e);
  });

  it('the community admin of two communities chooses its gate, remembered, and checks', async () => {
    const { page } = e;
    await loginAs(e, 'community_admin');
    await openStaff('查验骑手码');
    await page.locator('.nx-check__gate', { hasText: '请选择' }).first().waitFor();
    await chip('nx-check__gates', '金台里小区 · 北门').click();
    await page.locator('.nx-check__gate', { hasText: '所在门岗：金台里小区 · 北门' }).first().waitFor();
    await fillInput(e, 'nx-check__manual', riderCode());
    await page.locator('.nx-check__submit').first().click();
    await page.locator('.nx-check__result--granted').first().waitFor();
    await e.shot('roles-admin-check');
    // Reopened, the page remembers the gate.
    await page.reload();
    await page.locator('.nx-check__gate', { hasText: '所在门岗：金台里小区 · 北门' }).first().waitFor();
  });

  it('the community admin invites colleagues and guards for its own communities only', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await openStaff('邀请同事/门岗');
    await page.locator('.nx-invite__form').first().waitFor();
    const roles = await page.locator('.nx-invite__roles .nx-chip').allTextContents();
    expect(roles).toEqual(['社区/物业管理员', '门岗']);
    await chip('nx-invite__roles', '门岗').click();
    const communities = await page.locator('.nx-invite__communities .nx-chip').allTextContents();
    expect(communities.sort()).toEqual(['呼家楼北社区', '金台里小区'].sort());
    await chip('nx-invite__communities', '呼家楼北社区').click();
    await chip('nx-invite__gates', '南门').click();
    await fillInput(e, 'nx-invite__name-input', '南门 冯师傅');
    await page.locator('.nx-invite__issue').first().click();
    await page.locator('.nx-invite__code').first().waitFor();
    // It sees its own guard invitation, not the district's invitation for 幸福二村.
    await page.locator('.nx-invite__item', { hasText: '南门 冯师傅' }).first().waitFor();
    expect(await page.locator('.nx-invite__item', { hasText: '幸福二村' }).count()).toBe(0);
    await e.shot('roles-community-invite');
  });
});
