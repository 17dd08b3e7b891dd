import { fillInput, loginAs, logout, startE2E, testPhoto, type E2E, E2E_START_TIMEOUT } from './browser.js';

// 暖新公寓 in the H5 build: the demo rider (王建国, registered with 美团) finds 双井怡舍 near
// 双井, reads its rules and costs and applies; the demo operator offers a bed from the picker and
// records the move-in; the rider sees each step on 我的申请.
describe('H5 app in Chromium: a rider applies for a bed, the operator offers one, the rider moves in', () => {
  let e: E2E;
  beforeAll(async () => {
    // Near 双井 (WGS-84).
    e = await startE2E({ geolocation: { latitude: 39.8949, longitude: 116.4649 } });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  /** After Taro's page slide-in, so the picture shows the page, not the transition. */
  it('the rider finds beds nearby, reads the rules and costs, and applies', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await loginAs(e, 'rider');
    await page.locator('.nx-tile--housing').first().click();
    const hit = page.locator('.nx-housing__hit', { hasText: '双井怡舍公寓' }).first();
    await hit.waitFor();
    expect(await hit.textContent()).toContain('空床 16 张');
    await e.shot('e2e-housing-search');
    await hit.click();
    await page.getByText('免中介费、免预付款').first().waitFor();
    await page.getByText('严禁入户充电', { exact: false }).first().waitFor();
    await e.shot('e2e-housing-apartment');
    await fillInput(e, 'nx-housing__months', '13');
    await page.locator('.nx-housing__apply').first().click();
    await page.getByText('租住月数', { exact: false }).nth(1).waitFor();
    await e.shot('e2e-housing-apply-refused');
    await fillInput(e, 'nx-housing__months', '3');
    await page.locator('.nx-housing__needs textarea').first().fill('夜班，需安静');
    await page.locator('.nx-housing__apply').first().click();
    const mine = page.locator('.nx-housing__app', { hasText: '双井怡舍公寓' }).first();
    await mine.waitFor();
    expect(await mine.textContent()).toContain('待审核');
    await e.shot('e2e-housing-mine-submitted');
    await logout(e);
  });

  it('the operator sees the applicant (phone masked), offers a bed and records the move-in', async () => {
    const { page } = e;
    await loginAs(e, 'apartment_operator');
    await page.locator('.nx-staff-entry').first().click();
    await page.getByText('床位申请', { exact: true }).first().click();
    const card = page.locator('.nx-housing__app', { hasText: '王建国' }).first();
    await card.waitFor();
    expect(await card.textContent()).toMatch(/1\d\d\*{4}\d{4}/);
    expect(await card.textContent()).toContain('夜班，需安静');
    await e.shot('e2e-housing-review');
    await card.locator('.nx-housing__offer').click();
    await card.locator('.nx-housing__offer-bed').first().waitFor();
    await e.shot('e2e-housing-picker');
    await card.locator('.nx-housing__offer-bed').first().click();
    await page.getByText('已为 王建国 分配 1层 101 · A床').first().waitFor();
    await page.locator('.nx-tabs__tab--offered').first().click();
    const offered = page.locator('.nx-housing__app', { hasText: '王建国' }).first();
    await offered.locator('.nx-housing__move-in').click();
    await page.getByText('王建国 已办理入住').first().waitFor();
    await page.locator('.nx-tabs__tab--moved_in').first().click();
    await page.locator('.nx-housing__app', { hasText: '王建国' }).first().waitFor();
    await e.shot('e2e-housing-moved-in');
    await logout(e);
  });

  it('the rider sees each step: submitted, bed offered, moved in', async () => {
    const { page } = e;
    await loginAs(e, 'rider');
    await page.locator('.nx-tile--housing').first().click();
    await page.locator('.nx-tabs__tab--mine').first().click();
    const mine = page.locator('.nx-housing__app', { hasText: '双井怡舍公寓' }).first();
    await mine.waitFor();
    await mine.getByText('已入住', { exact: true }).waitFor();
    const text = (await mine.textContent()) ?? '';
    expect(text).toContain('提交申请');
    expect(text).toContain('分配床位');
    expect(text).toContain('办理入住');
    expect(text).toContain('1层 101 · A床');
    await e.shot('e2e-housing-mine-moved-in');
  });

  it('the district admin registers an apartment: refused without a name, then saved with its position', async () => {
    const { page } = e;
    await logout(e);
    await loginAs(e, 'district_admin');
    await page.locator('.nx-staff-entry').first().click();
    await page.getByText('新建暖新公寓', { exact: true }).first().click();
    await page.locator('.nx-housing-apartment__submit').first().waitFor();
    await page.locator('.nx-housing-apartment__submit').first().click();
    await page.getByText('请填写公寓名称').first().waitFor();
    await fillInput(e, 'nx-housing-apartment__name', '劲松暖新公寓');
    await fillInput(e, 'nx-housing-apartment__address', '朝阳区劲松路 8 号');
    await page.locator('.nx-housing-apartment__street', { hasText: '建外街道' }).first().click();
    // H5: the browser's WGS-84 fix, converted to GCJ-02 by the position input.
    await page.getByText('用我的位置', { exact: true }).first().click();
    await page.getByText('纬度 39.89', { exact: false }).first().waitFor();
    await e.shot('e2e-housing-apartment-position');
    await fillInput(e, 'nx-housing-apartment__operator', '劲松街道');
    await fillInput(e, 'nx-housing-apartment__phone', '13812345678');
    await page.locator('.nx-housing-apartment__rules textarea').first().fill('22:30 后保持安静');
    await page.locator('.nx-housing-apartment__facility--wifi').first().click();
    await page.locator('.nx-housing-apartment__facility--charging').first().click();
    await e.shot('e2e-housing-apartment-new');
    await page.locator('.nx-housing-apartment__submit').first().click();
    // A personal mobile number is refused with the field named; a desk number goes through.
    await page.getByText('不公开个人手机号', { exact: false }).first().waitFor();
    await e.shot('e2e-housing-apartment-refused');
    await fillInput(e, 'nx-housing-apartment__phone', '010-87654321');
    await page.locator('.nx-housing-apartment__submit').first().click();
    await page.locator('.nx-housing-apartment__saved', { hasText: '已登记' }).first().waitFor();
    await e.shot('e2e-housing-apartment-created');
  });

  it('the operator edits its apartment’s rules; the rider reads them', async () => {
    const { page } = e;
    await logout(e);
    await loginAs(e, 'apartment_operator');
    await page.locator('.nx-staff-entry').first().click();
    await page.getByText('公寓信息', { exact: true }).first().click();
    const name = page.locator('.nx-housing-apartment__name input').first();
    await page.waitForFunction(() => {
      const el = document.querySelector('.nx-housing-apartment__name input') as HTMLInputElement | null;
      return el?.value === '双井怡舍公寓';
    });
    expect(await name.inputValue()).toBe('双井怡舍公寓');
    await page
      .locator('.nx-housing-apartment__rules textarea')
      .first()
      .fill('晚 23:00 后请勿喧哗；电动车请到一层充电区充电');
    await page.locator('.nx-housing-apartment__submit').first().click();
    await page.locator('.nx-housing-apartment__saved', { hasText: '已保存' }).first().waitFor();
    await e.shot('e2e-housing-apartment-edited');
    // Photos: two sent as they are chosen, the second moved to the front.
    const room = await testPhoto('apartment-room', '#0f766e');
    const hall = await testPhoto('apartment-hall', '#b45309');
    const input = page.locator('.nx-apartment-photos input.nx-photos__input').first();
    await input.setInputFiles(room);
    await page.locator('.nx-apartment-photos__item').first().waitFor();
    await input.setInputFiles(hall);
    await page.waitForFunction(() => document.querySelectorAll('.nx-apartment-photos__item').length === 2);
    const first = await page.locator('.nx-apartment-photos__img img').first().getAttribute('src');
    await page.locator('.nx-apartment-photos__forward').first().click();
    await page.waitForFunction(
      (before) => document.querySelector('.nx-apartment-photos__img img')?.getAttribute('src') !== before,
      first,
    );
    await e.shot('e2e-housing-apartment-photos', '.nx-apartment-photos');
    await logout(e);
    await loginAs(e, 'rider');
    await page.locator('.nx-tile--housing').first().click();
    await page.locator('.nx-housing__hit', { hasText: '双井怡舍公寓' }).first().click();
    await page.getByText('一层充电区', { exact: false }).first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.nx-housing__photo').length === 2);
    // The photos are real images served by the signed link, not broken ones.
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('.nx-housing__photo img')).every(
        (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
      ),
    );
    await e.shot('e2e-housing-apartment-rules-rider');
  });

  it('the operator renames a room; deleting a room whose bed was given is refused with the reason', async () => {
    const { page } = e;
    await logout(e);
    await loginAs(e, 'apartment_operator');
    await page.locator('.nx-staff-entry').first().click();
    await page.getByText('房间与床位', { exact: true }).first().click();
    const room = page.locator('.nx-housing__room', { hasText: '1层 102' }).first();
    await room.locator('.nx-housing__room-edit-open').click();
    await fillInput(e, 'nx-housing__room-name', '1层 102（静音）');
    await room.locator('.nx-housing__room-save').click();
    await page.locator('.nx-housing__room', { hasText: '1层 102（静音）' }).first().waitFor();
    // 1层 101's bed A was given to 王建国 above: the room keeps its history.
    await page.locator('.nx-housing__room', { hasText: '1层 101' }).first().locator('.nx-housing__room-delete').click();
    await page.getByText('确定', { exact: true }).first().click();
    await page.getByText('不能删除', { exact: false }).first().waitFor();
    await e.shot('e2e-housing-room-delete-refused');
  });
});
