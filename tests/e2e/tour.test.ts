import type { Response } from 'playwright-core';
import { signInFresh, startE2E, type E2E } from './browser.js';

// A new user's first look at every main page, for each role (demo data, a phone-sized window):
// the rider's tabs and job pages, then every page each staff role's 工作台 opens. On every page:
// no uncaught script error, no 5xx answer from the API, and no text a person should never read
// (a raw JavaScript error, "undefined", "NaN", "[object Object]"). Each page is saved as
// artifacts/tour-<role>-<n>.png for a person to look at.
const POSITION = { latitude: 39.9219, longitude: 116.4436 };
const RAW = /Cannot read|undefined|NaN|\[object Object\]|TypeError|ReferenceError|SyntaxError|is not a function/;

describe('H5 app in Chromium: a tour of every main page, role by role', () => {
  let e: E2E;
  const scriptErrors: string[] = [];
  const serverErrors: string[] = [];
  let shots = 0;

  beforeAll(async () => {
    e = await startE2E({ geolocation: POSITION });
    e.page.on('pageerror', (err) => scriptErrors.push(err.message));
    e.page.on('response', (res: Response) => {
      if (res.status() >= 500) serverErrors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
    });
  });
  afterAll(async () => {
    await e?.close();
  });

  /** Lets the page load its data, saves it, and checks it reads as a page for people. */
  async function look(role: string, what: string): Promise<void> {
    const { page } = e;
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(700);
    await e.screenshot(`tour-${role}-${String(++shots).padStart(2, '0')}`);
    const text = await page.locator('body').innerText();
    expect({ page: what, raw: text.match(RAW)?.[0] ?? null }).toEqual({ page: what, raw: null });
    expect({ page: what, scriptErrors }).toEqual({ page: what, scriptErrors: [] });
    expect({ page: what, serverErrors }).toEqual({ page: what, serverErrors: [] });
  }

  it('the rider: home, 驿站, 随手拍, 我的, 暖新码, my reports, points', async () => {
    const { page } = e;
    await page.goto(e.base + '/');
    await signInFresh(e, 'rider');
    await look('rider', '首页');
    for (const tab of ['驿站', '随手拍', '我的']) {
      await page.locator('.taro-tabbar__tabbar').getByText(tab, { exact: true }).first().click();
      await look('rider', tab);
    }
    for (const [path, what] of [
      ['/packages/access/index', '暖新码'],
      ['/packages/reports/mine/index', '我的上报'],
      ['/packages/points/index', '积分'],
    ] as const) {
      await page.goto(`${e.base}/#${path}`);
      await look('rider', what);
    }
  });

  for (const role of ['community_admin', 'street_operator', 'merchant', 'district_admin'] as const) {
    it(`the ${role}: the 工作台 and every page it opens`, async () => {
      const { page } = e;
      await signInFresh(e, role);
      await page.locator('.nx-staff-entry').first().click();
      await page.locator('.nx-staff__who').first().waitFor();
      await look(role, '工作台');
      const titles = await page.locator('.nx-staff__section--open .nx-card__title').allInnerTexts();
      expect(titles.length).toBeGreaterThan(2);
      for (const title of titles) {
        await page.locator('.nx-staff__section--open', { hasText: title }).first().click();
        await page.waitForURL((url) => !url.hash.includes('workbench'));
        await look(role, title);
        await page.goBack();
        await page.waitForURL((url) => url.hash.includes('workbench'));
      }
    });
  }
});
