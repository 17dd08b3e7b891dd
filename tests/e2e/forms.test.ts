import { eq } from 'drizzle-orm';
import { riderProfiles } from '../../server/src/db/schema/index.js';
import { seedId } from '../../server/src/seed/demo.js';
import { fillInput, logout, startE2E, type E2E, loginAs, E2E_START_TIMEOUT } from './browser.js';

// Forms and controls a new user meets (#18: 6, 10, part of 11): the tab bar has icons and readable
// labels, text sits in the middle of inputs and buttons, /favicon.ico exists, demo cards tell the
// riders apart, the registration edit keeps the stored phone and an empty form names every
// missing field in Chinese.
describe('H5 app in Chromium: forms and controls', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  /** Vertical centre of an element's box and of the text inside it (inputs: the real <input>). */
  const centres = (selector: string) =>
    e.page
      .locator(selector)
      .first()
      .evaluate((el) => {
        const box = el.getBoundingClientRect();
        let text: DOMRect;
        const input = el.tagName === 'INPUT' ? el : el.querySelector('input');
        if (input) {
          // A single-line <input> draws its text centred in its own box: that box is the text's line.
          const r = input.getBoundingClientRect();
          const style = getComputedStyle(input);
          const lineHeight = parseFloat(style.fontSize) * 1.2;
          const top =
            r.top +
            parseFloat(style.paddingTop) +
            (r.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - lineHeight) / 2;
          text = new DOMRect(r.left, top, r.width, lineHeight);
        } else {
          const range = document.createRange();
          range.selectNodeContents(el);
          text = range.getBoundingClientRect();
        }
        return { box: box.top + box.height / 2, text: text.top + text.height / 2, height: box.height };
      });

  it('/favicon.ico answers 200 with an icon, and the page links it', async () => {
    const res = await fetch(`${e.base}/favicon.ico`);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    await e.page.goto(e.base + '/');
    expect(await e.page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.ico');
  });

  it('the demo cards show role and a distinct name, never "骑手 骑手"', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await page.locator('.nx-demo-account--rider').first().waitFor();
    const rider = (await page.locator('.nx-demo-account--rider').first().innerText()).replace(/\s+/g, ' ');
    const rider2 = (await page.locator('.nx-demo-account--rider2').first().innerText()).replace(/\s+/g, ' ');
    expect(rider).not.toBe(rider2);
    expect(rider).not.toMatch(/骑手\s*骑手/);
    expect(rider2).not.toMatch(/骑手\s*骑手/);
    expect(rider).toContain('王师傅');
    expect(rider).toContain('美团金台路站');
    expect(rider2).toContain('未登记');
    await e.screenshot('forms-login');
  });

  it('the tab bar shows an icon over each label, labels at least 11 px', async () => {
    const { page } = e;
    await loginAs(e, 'rider');
    await page.locator('.weui-tabbar__item').first().waitFor();
    const items = await page.locator('.weui-tabbar__item').evaluateAll((els) =>
      els.map((el) => {
        const icon = el.querySelector(
          'img.weui-tabbar__icon, .weui-tabbar__icon img, .weui-tabbar__icon',
        ) as HTMLImageElement | null;
        const label = el.querySelector('.weui-tabbar__label') as HTMLElement | null;
        const r = icon?.getBoundingClientRect();
        return {
          label: label?.textContent ?? '',
          fontSize: label ? parseFloat(getComputedStyle(label).fontSize) : 0,
          iconVisible:
            !!icon && getComputedStyle(icon).display !== 'none' && (r?.width ?? 0) >= 18 && (r?.height ?? 0) >= 18,
          iconLoaded: !!icon && (icon.tagName !== 'IMG' || (icon.complete && icon.naturalWidth > 0)),
          iconAbove: !!r && !!label && r.bottom <= label.getBoundingClientRect().top + 2,
        };
      }),
    );
    expect(items.map((i) => i.label)).toEqual(['首页', '驿站', '随手拍', '我的']);
    for (const item of items) {
      expect(item).toEqual(expect.objectContaining({ iconVisible: true, iconLoaded: true, iconAbove: true }));
      expect(item.fontSize).toBeGreaterThanOrEqual(11);
    }
    await e.screenshot('forms-home');
    await page.locator('.weui-tabbar__item').nth(1).click();
    await page.waitForTimeout(800);
    await e.screenshot('forms-stations');
    await page.locator('.weui-tabbar__item').nth(3).click();
    await page.getByText('退出登录', { exact: true }).first().waitFor();
    await e.screenshot('forms-me');
  });

  it('editing the registration keeps the stored phone: masked with 修改, not retyped', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/packages/access/index');
    await page.locator('.nx-access__edit').first().click();
    await page.getByText('修改登记信息').first().waitFor();
    await page.getByText('138****6621').first().waitFor();
    expect(await page.locator('.nx-form__input--phone').count()).toBe(0);

    // Text sits in the middle of inputs and buttons (within 2 px), not at the top.
    const input = await centres('.nx-form__input--realName');
    expect(input.height).toBeGreaterThan(40);
    expect(Math.abs(input.text - input.box)).toBeLessThanOrEqual(2);
    const change = await centres('.nx-register__phone-change');
    expect(Math.abs(change.text - change.box)).toBeLessThanOrEqual(2);
    const chip = await centres('.nx-chip--platform-meituan');
    expect(Math.abs(chip.text - chip.box)).toBeLessThanOrEqual(2);
    await e.screenshot('forms-register-edit');

    await fillInput(e, 'nx-form__input--station', '美团团结湖站');
    await page.locator('.nx-register__submit').first().click();
    await page.getByText('美团团结湖站', { exact: false }).first().waitFor();
    const [row] = await e.t.db
      .select()
      .from(riderProfiles)
      .where(eq(riderProfiles.userId, seedId('user:rider')));
    expect(row!.phone).toBe('13800006621');
    expect(row!.stationName).toBe('美团团结湖站');
    await e.screenshot('forms-access-after-edit');
  });

  it('an empty registration names every missing required field in Chinese', async () => {
    const { page } = e;
    await logout(e);
    await loginAs(e, 'rider2');
    await page.goto(e.base + '/#/packages/access/index');
    await page.getByText('登记一次，以后扫码进门').waitFor();
    await page.locator('.nx-register__submit').first().click();
    await page.getByText('请填写：真实姓名、手机号、身份证号、配送平台、配送站点').first().waitFor();
    const phone = await centres('.nx-form__input--phone');
    expect(Math.abs(phone.text - phone.box)).toBeLessThanOrEqual(2);
    await e.screenshot('forms-register-empty');
  });
});
