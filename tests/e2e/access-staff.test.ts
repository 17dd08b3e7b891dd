import { gateCodeUrl } from '../../server/src/access/index.js';
import { seedId } from '../../server/src/seed/demo.js';
import { fillInput, loginAs, logout, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';
import { demoGateWgs84 } from '../fixtures/access.js';

// Staff sides of 暖新码 in the H5 build, each seen by the people it affects:
// 1. the district admin suspends the demo rider (王建国) from 骑手通行管理; the rider's 暖新码 page
//    says why, a gate scan is refused, the community admin sees it in the review queue; lifted, the
//    rider enters again.
// 2. the community admin adds a building with a labelled entrance (typed coordinates) in the
//    building guide editor; the rider's granted screen lists it with its coordinates.
describe('H5 app in Chromium: suspending a rider, and the building guide editor', () => {
  let e: E2E;
  beforeAll(async () => {
    // At the gate the rider scans (the location check is on by default).
    e = await startE2E({ geolocation: demoGateWgs84('C-HJL-01:east') });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  const REASON = '多次在小区内逆行，被业主投诉';
  /** After Taro's page slide-in (about 300 ms), so the picture shows the page, not the transition. */
  const gateCode = () => gateCodeUrl(e.t.config.access, seedId('gate:C-HJL-01:east'), 1);
  async function openStaff(title: string) {
    await e.page.locator('.nx-staff-entry').first().click();
    await e.page.getByText(title, { exact: true }).first().click();
  }
  async function scanAsRider() {
    const { page } = e;
    await page.locator('.nx-tile--access').first().click();
    await fillInput(e, 'nx-access__manual-input', gateCode());
    await page.locator('.nx-access__manual-submit').first().click();
  }

  it('the district admin finds the rider and suspends it with a reason (confirmed)', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await loginAs(e, 'district_admin');
    await openStaff('骑手通行管理');
    await fillInput(e, 'nx-riders__q', '王建国');
    await page.locator('.nx-riders__find').first().click();
    const card = page.locator('.nx-rider', { hasText: '王建国' }).first();
    await card.waitFor();
    expect(await card.textContent()).toContain('138****6621');
    await e.shot('e2e-suspend-list');
    await card.click();
    await fillInput(e, 'nx-riders__reason', REASON);
    await page.locator('.nx-riders__suspend').first().click();
    await page.getByText('确定', { exact: true }).first().click();
    await page.locator('.nx-suspension--staff', { hasText: REASON }).first().waitFor();
    await page.locator('.nx-riders__event--suspend', { hasText: '朝阳区 管理员' }).first().waitFor();
    await e.shot('e2e-suspend-detail');
    await logout(e);
  });

  it('the rider sees that access is suspended and why, and a gate scan is refused', async () => {
    const { page } = e;
    await loginAs(e, 'rider');
    await page.locator('.nx-tile--access').first().click();
    await page.locator('.nx-suspension--rider', { hasText: REASON }).first().waitFor();
    await e.shot('e2e-suspend-rider');
    await fillInput(e, 'nx-access__manual-input', gateCode());
    await page.locator('.nx-access__manual-submit').first().click();
    await page.locator('.nx-result--denied').first().waitFor();
    await page.getByText('你的通行资格已被暂停').first().waitFor();
    await e.shot('e2e-suspend-scan-denied');
    await page.locator('.nx-result__close').first().click();
    await page.locator('.nx-access__show-code').first().click();
    await page.locator('.nx-my-code .nx-suspension--rider', { hasText: REASON }).first().waitFor();
    expect(await page.locator('.nx-my-code__qr').count()).toBe(0);
    await logout(e);
  });

  it('the community admin sees the suspension in its review queue', async () => {
    const { page } = e;
    await loginAs(e, 'community_admin');
    await openStaff('骑手申请审核');
    await page.locator('.nx-tabs__tab--approved').first().click();
    const item = page.locator('.nx-review__item', { hasText: '王建国' }).first();
    await item.locator('.nx-suspension--staff', { hasText: REASON }).waitFor();
    await e.shot('e2e-suspend-review');
    await logout(e);
  });

  it('the community admin finds the refused scan in the access log (拒绝, reason in words)', async () => {
    const { page } = e;
    await loginAs(e, 'community_admin');
    await openStaff('通行记录');
    await page.locator('.nx-log__range--today').first().click();
    await page.locator('.nx-tabs__tab--denied').first().click();
    await page.locator('.nx-event', { hasText: '该骑手的通行资格已被暂停' }).first().waitFor();
    expect(await page.locator('.nx-event', { hasText: '准入 ' }).count()).toBe(0);
    await e.shot('e2e-access-log-denied');
    await logout(e);
  });

  it('the district admin lifts it; the rider enters again at once', async () => {
    const { page } = e;
    await loginAs(e, 'district_admin');
    await openStaff('骑手通行管理');
    await page.locator('.nx-tabs__tab--suspended').first().click();
    await page.locator('.nx-rider', { hasText: '王建国' }).first().click();
    await fillInput(e, 'nx-riders__reason', '已约谈，承诺遵守小区规定');
    await page.locator('.nx-riders__lift').first().click();
    await page.getByText('确定', { exact: true }).first().click();
    await page.locator('.nx-riders__event--lift').first().waitFor();
    expect(await page.locator('.nx-riders__event').count()).toBe(2);
    await e.shot('e2e-suspend-lifted');
    await logout(e);
    await loginAs(e, 'rider');
    await scanAsRider();
    await page.locator('.nx-result--granted').first().waitFor();
    await page.locator('.nx-result__close').first().click();
    await logout(e);
  });

  it('the community admin adds a building with a labelled entrance; the rider sees it after a granted scan', async () => {
    const { page } = e;
    await loginAs(e, 'community_admin');
    await openStaff('楼栋指引');
    await page.locator('.nx-chip', { hasText: '金台里小区' }).first().click();
    await page.locator('.nx-guide-edit__building').first().waitFor();
    const before = await page.locator('.nx-guide-edit__building').count();
    await page.locator('.nx-guide-edit__add-building').first().click();
    const added = page.locator('.nx-guide-edit__building').nth(before);
    await added.locator('.nx-guide-edit__number input').fill('9号楼');
    await added.locator('.nx-guide-edit__label input').fill('东侧单元门');
    // 金台里小区 is at 39.9235, 116.4652 (GCJ-02): this is ~60 m east of it.
    await added.locator('.nx-position__lat input').fill('39.9235');
    await added.locator('.nx-position__lng input').fill('116.4659');
    await added.locator('.nx-position__apply').click();
    await added.locator('.nx-position__value', { hasText: '距小区约' }).waitFor();
    await e.shot('e2e-guide-editor');
    await page.locator('.nx-guide-edit__save').first().click();
    await page.getByText('已保存').first().waitFor();
    await logout(e);

    await loginAs(e, 'rider');
    await scanAsRider();
    await page.locator('.nx-result--granted').first().waitFor();
    await page.locator('.nx-result__guide').first().click();
    const building = page.locator('.nx-guide__building', { hasText: '9号楼' }).first();
    await building.locator('.nx-guide__entrance-label', { hasText: '东侧单元门' }).waitFor();
    // The place first (街道 · 小区 · 距驿站), the coordinates small beneath it.
    await building.locator('.nx-place--ready').first().waitFor();
    expect(await building.textContent()).toMatch(/呼家楼街道 · 金台里小区.*39\.92350, 116\.46590/);
    // Demo buildings keep their labelled entrances too.
    await page.locator('.nx-guide__entrance-label', { hasText: '2单元' }).first().waitFor();
    await e.shot('e2e-guide-rider');
  });
});
