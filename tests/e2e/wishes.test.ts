import { startE2E, type E2E, fillInput, signInFresh, E2E_START_TIMEOUT } from './browser.js';

describe('H5 app in Chromium: 微心愿 posted → approved → adopted → fulfilled → received; the wall has no name', () => {
  let e: E2E;
  const WISH = '希望给上小学的女儿添一个新书包';

  beforeAll(async () => {
    e = await startE2E();
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  async function openStaffWishes() {
    const { page } = e;
    await page.locator('.nx-staff-entry').first().click();
    await page.locator('.nx-staff__section', { hasText: '微心愿' }).first().click();
    return page.locator('.nx-staff-wishes .nx-wish', { hasText: WISH });
  }

  it('the rider posts a wish to the community from the 社区 hub', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.locator('.nx-tile--community').first().click();
    await page.locator('.nx-community__section--wishes').click();
    await page.locator('.nx-wishes__new').click();
    await page.locator('.nx-new-wish__submit').click();
    // Refused in Chinese before sending.
    await page.getByText('请选择心愿交给哪个社区或街道').first().waitFor();
    await fillInput(e, 'nx-new-wish__search', '金台里');
    await page.locator('.nx-new-wish__target', { hasText: '社区：金台里小区' }).click();
    await page.locator('.nx-new-wish__category', { hasText: '子女教育' }).click();
    await page.locator('.nx-new-wish__body textarea').fill(WISH);
    await page.waitForTimeout(300);
    await e.screenshot('e2e-wishes-form');
    await page.locator('.nx-new-wish__submit').click();
    await page.locator('.nx-my-wishes .nx-wish', { hasText: WISH }).getByText('待审核').first().waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('e2e-wishes-mine-submitted');
  });

  it('the community admin sees the name masked, approves, records the adopter and marks it fulfilled', async () => {
    const { page } = e;
    await signInFresh(e, 'community_admin');
    const item = await openStaffWishes();
    await item.getByText('许愿人：王*国', { exact: false }).waitFor();
    expect(await page.locator('.nx-staff-wishes').innerText()).not.toContain('王建国');
    await item.locator('.nx-wish-handle__approve').click();
    await page.getByText('已通过，心愿已上墙').first().waitFor();
    await item.locator('.nx-wish-handle__adopt').click();
    await page.getByText('请填写认领人或单位').first().waitFor();
    await item.locator('.nx-wish-handle__adopter input').fill('朝阳爱心企业');
    await item.locator('.nx-wish-handle__adopt').click();
    await page.getByText('已认领').first().waitFor();
    await item.getByText('认领：朝阳爱心企业').waitFor();
    await item.locator('.nx-wish-handle__note input').fill('书包已送到驿站');
    await page.waitForTimeout(300);
    await e.screenshot('e2e-wishes-staff-adopted');
    await item.locator('.nx-wish-handle__fulfil').click();
    await page.getByText('已标记为已实现，等待骑手确认').first().waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('e2e-wishes-staff-fulfilled');
  });

  it('the rider confirms receipt and sees every step; the wall shows it without the name', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.goto(e.base + '/#/packages/community/wishes/mine/index');
    const mine = page.locator('.nx-my-wishes .nx-wish', { hasText: WISH });
    await mine.getByText('实现说明：书包已送到驿站').waitFor();
    await mine.locator('.nx-wish__received').click();
    await page.getByText('已确认收到，谢谢你的反馈').first().waitFor();
    await mine.locator('.nx-wish__status', { hasText: '已收到' }).waitFor();
    expect(await mine.locator('.nx-wish__step').count()).toBe(5);
    expect(await mine.locator('.nx-wish__received').count()).toBe(0);
    await page.waitForTimeout(300);
    await e.screenshot('e2e-wishes-rider-received');
    await page.goto(e.base + '/#/packages/community/wishes/index');
    const card = page.locator('.nx-wishes .nx-wish', { hasText: WISH });
    await card.getByText('认领：朝阳爱心企业').waitFor();
    const wall = await page.locator('.nx-wishes').innerText();
    expect(wall).not.toContain('王建国');
    expect(wall).not.toContain('王*国');
    await page.waitForTimeout(300);
    await e.screenshot('e2e-wishes-wall');
  });
});
