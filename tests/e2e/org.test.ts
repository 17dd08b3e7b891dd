import { eq } from 'drizzle-orm';
import { agreements, communities, merchants, streets } from '../../server/src/db/schema/index.js';
import { fillInput, startE2E, type E2E, loginAs, E2E_START_TIMEOUT } from './browser.js';

// Inside the demo 呼家楼街道 box (116.45–116.475 × 39.915–39.935, GCJ-02), and far outside every street.
const INSIDE = { lat: '39.925000', lng: '116.470000' };
const OUTSIDE = { lat: '39.500000', lng: '116.000000' };

describe('H5 app in Chromium: a district admin sets up a street, a community, an agreement and a shop', () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E();
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('the workbench links the org pages; a street is created', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await page.evaluate(() => localStorage.clear());
    await page.goto(e.base + '/');
    await loginAs(e, 'district_admin');
    await page.locator('.nx-tile--reports').first().waitFor();
    await page.goto(e.base + '/#/packages/me/workbench/index');
    await page.getByText('街道管理', { exact: true }).first().waitFor();
    await e.shot('org-workbench');
    await page.getByText('街道管理', { exact: true }).first().click();
    await page.locator('.nx-org-street').first().waitFor();
    await page.locator('.nx-org-streets__add').first().click();
    await fillInput(e, 'nx-org-street-form__code', '110105077');
    await fillInput(e, 'nx-org-street-form__name', '测试新街道');
    await page.locator('.nx-org-street-form__submit').first().click();
    await page.getByText('已新建「测试新街道」，请上传它的边界').first().waitFor();
    await page.locator('.nx-org-street', { hasText: '测试新街道' }).first().waitFor();
    await e.shot('org-streets');
    const [row] = await e.t.db.select().from(streets).where(eq(streets.code, '110105077'));
    expect(row).toEqual(expect.objectContaining({ name: '测试新街道', active: true }));
  });

  it('a community with a typed position: refused outside every street, placed in 呼家楼街道 inside', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/packages/org/staff/communities/index');
    await page.locator('.nx-org-community').first().waitFor();
    await page.locator('.nx-org-communities__add').first().click();
    await page.locator('.nx-org-community-form__name').first().waitFor();
    await fillInput(e, 'nx-org-community-form__name', '金台新苑');
    await fillInput(e, 'nx-org-community-form__address', '朝阳区金台路20号');
    await fillInput(e, 'nx-org-community-form__property', '金台物业服务有限公司');
    await fillInput(e, 'nx-org-position__lat', OUTSIDE.lat);
    await fillInput(e, 'nx-org-position__lng', OUTSIDE.lng);
    await page.locator('.nx-org-position__apply').first().click();
    await page.locator('.nx-org-community-form__submit').first().click();
    await page.getByText('该位置不在本区任何启用街道的边界内', { exact: false }).first().waitFor();
    await e.shot('org-community-refused');
    expect(await e.t.db.select().from(communities).where(eq(communities.name, '金台新苑'))).toHaveLength(0);

    await fillInput(e, 'nx-org-position__lat', INSIDE.lat);
    await fillInput(e, 'nx-org-position__lng', INSIDE.lng);
    await page.locator('.nx-org-position__apply').first().click();
    await page.locator('.nx-org-community-form__submit').first().click();
    await page.getByText('已保存「金台新苑」，所属街道：呼家楼街道').first().waitFor();
    await e.shot('org-community');
    const [row] = await e.t.db.select().from(communities).where(eq(communities.name, '金台新苑'));
    expect(row).toEqual(expect.objectContaining({ lat: 39.925, lng: 116.47, propertyCompany: '金台物业服务有限公司' }));
  });

  it('an agreement for the new community, with its signing parties', async () => {
    const { page } = e;
    await page.locator('.nx-org-community-form__agreements').first().click();
    await page.getByText('还没有共建协议。').first().waitFor();
    await page.locator('.nx-org-agreements__add').first().click();
    await page.locator('.nx-org-agreement-form__platform', { hasText: '饿了么' }).first().click();
    await fillInput(e, 'nx-org-agreement-form__station', '饿了么金台站');
    await fillInput(e, 'nx-org-agreement-form__from', '2026-01-01');
    await fillInput(e, 'nx-org-agreement-form__to', '2027-12-31');
    await page.locator('.nx-org-agreement-form__approval--auto').first().click();
    await fillInput(e, 'nx-org-agreement-form__signatory-0', '李主任');
    await fillInput(e, 'nx-org-agreement-form__signatory-1', '王经理');
    await fillInput(e, 'nx-org-agreement-form__org-2', '饿了么（北京）');
    await fillInput(e, 'nx-org-agreement-form__signatory-2', '张站长');
    await e.shot('org-agreement-form');
    await page.locator('.nx-org-agreement-form__submit').first().click();
    await page.getByText('已签订饿了么的共建协议').first().waitFor();
    const card = page.locator('.nx-org-agreement').first();
    expect(await card.textContent()).toContain('2026-01-01 至 2027-12-31');
    expect(await card.textContent()).toContain('物业 金台物业服务有限公司（王经理）');
    await e.shot('org-agreements');
    const [community] = await e.t.db.select().from(communities).where(eq(communities.name, '金台新苑'));
    const rows = await e.t.db.select().from(agreements).where(eq(agreements.communityId, community!.id));
    expect(rows).toEqual([
      expect.objectContaining({
        platform: 'eleme',
        stationName: '饿了么金台站',
        approval: 'auto',
        endsOn: '2027-12-31',
      }),
    ]);
    expect(rows[0]!.parties).toHaveLength(3);
  });

  it('ending the agreement is confirmed first and then final', async () => {
    const { page } = e;
    await page.locator('.nx-org-agreement__end').first().click();
    await page.getByText('终止后立即生效', { exact: false }).first().waitFor();
    await e.shot('org-agreement-end-confirm');
    await page.getByText('终止', { exact: true }).last().click();
    await page.getByText('协议已终止，其下的通行证已失效').first().waitFor();
    const card = page.locator('.nx-org-agreement--ended').first();
    await card.waitFor();
    expect(await card.textContent()).toContain('已终止');
    expect(await page.locator('.nx-org-agreement__end').count()).toBe(0);
    await e.shot('org-agreement-ended');
    const [community] = await e.t.db.select().from(communities).where(eq(communities.name, '金台新苑'));
    const [row] = await e.t.db.select().from(agreements).where(eq(agreements.communityId, community!.id));
    expect(row!.endedAt).not.toBeNull();
  });

  it('a shop of kind 洗衣 placed by its typed position', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/packages/org/staff/shops/index');
    await page.locator('.nx-org-shop').first().waitFor();
    await page.locator('.nx-org-shops__add').first().click();
    await fillInput(e, 'nx-org-shop-form__name', '金台洗衣房');
    await page.locator('.nx-org-shop-form__kind--laundry').first().click();
    await fillInput(e, 'nx-org-shop-form__address', '朝阳区金台路22号');
    await page.locator('.nx-org-shops .nx-org-position__lat input').first().fill(INSIDE.lat);
    await page.locator('.nx-org-shops .nx-org-position__lng input').first().fill(INSIDE.lng);
    await page.locator('.nx-org-shops .nx-org-position__apply').first().click();
    await e.shot('org-shop-form');
    await page.locator('.nx-org-shop-form__submit').first().click();
    await page.getByText('已新建「金台洗衣房」', { exact: false }).first().waitFor();
    const card = page.locator('.nx-org-shop', { hasText: '金台洗衣房' }).first();
    expect(await card.textContent()).toContain('洗衣 · 呼家楼街道');
    await e.shot('org-shops');
    const [row] = await e.t.db.select().from(merchants).where(eq(merchants.name, '金台洗衣房'));
    expect(row).toEqual(expect.objectContaining({ kind: 'laundry', active: true }));
  });
});
