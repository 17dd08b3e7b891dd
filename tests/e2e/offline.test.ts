import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/src/db/client.js';
import { signInFresh, startE2E, testPhoto, type E2E, E2E_START_TIMEOUT } from './browser.js';

// Issue #19, bad networks: in the H5 build, a 随手拍 report made offline is kept (with its photo,
// in IndexedDB) as 待发送 and sent when the browser is back online — one report, and a reload sends
// nothing more. A report whose upload fails survives a reload and is sent by 重试.

const HUJIALOU_WGS84 = { latitude: 39.922, longitude: 116.455 };

describe('H5 app in Chromium: 随手拍 without network', () => {
  let e: E2E;
  let photo: string;
  /** POST /api/v1/reports that got an answer from the server, by Idempotency-Key. */
  const posts: string[] = [];

  beforeAll(async () => {
    e = await startE2E({ geolocation: HUJIALOU_WGS84 });
    e.page.on('response', (res) => {
      const req = res.request();
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/v1/reports') {
        posts.push(String(req.headers()['idempotency-key']));
      }
    });
    photo = await testPhoto('hazard', '#b45309');
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.context.setOffline(false);
    await e?.close();
  });

  async function reportsWith(description: string): Promise<number> {
    const res = await e.t.db.execute(sql`select count(*)::int as n from reports where description = ${description}`);
    return rowsOf<{ n: number }>(res)[0]!.n;
  }

  async function fillReport(description: string) {
    const { page } = e;
    await page.locator('input.nx-photos__input').first().setInputFiles(photo);
    await page.locator('.nx-photos__item').first().waitFor();
    await page.locator('.nx-categories__item--flooding').first().click();
    await page.locator('.nx-report-new__text textarea, textarea').first().fill(description);
    await page.locator('.nx-report-new__submit').first().click();
  }

  it('offline: 待发送; back online: 已发送, one report; a reload sends nothing more', async () => {
    const { page, context } = e;
    await signInFresh(e, 'rider');
    await page.locator('.nx-tile--reports').first().click();
    await page.getByText('已定位', { exact: false }).first().waitFor();
    await page.locator('.nx-categories__item--flooding').first().waitFor();

    await context.setOffline(true);
    const text = '离线时拍的积水，网络恢复后发送';
    await fillReport(text);
    await page.getByText('已保存，待发送').first().waitFor();
    await page.locator('.nx-outbox__state--pending', { hasText: '待发送' }).first().waitFor();
    await e.shot('e2e-offline-pending');
    expect(await reportsWith(text)).toBe(0);
    expect(posts).toHaveLength(0);

    await context.setOffline(false);
    await page.locator('.nx-outbox__state--sent', { hasText: '已发送' }).first().waitFor({ timeout: 20_000 });
    await e.shot('e2e-offline-sent');
    expect(await reportsWith(text)).toBe(1);
    expect(posts).toHaveLength(1);

    // A restart of the app: the sent item is listed as 已发送 and is not sent again.
    await page.reload();
    await page.locator('.nx-categories__item--flooding').first().waitFor();
    await page.locator('.nx-outbox__state--sent').first().waitFor();
    await page.waitForTimeout(1500);
    expect(await reportsWith(text)).toBe(1);
    expect(posts).toHaveLength(1);

    // Home no longer counts it as waiting.
    await page.goto(e.base + '/#/pages/home/index');
    await page.locator('.nx-tile--reports').first().waitFor();
    expect(await page.locator('.nx-home__outbox').count()).toBe(0);
  });

  it('an upload that fails is kept across a reload (photo included) and sent by 重试, once', async () => {
    const { page } = e;
    const text = '上传失败后重启再发';
    // The network drops only the upload: the page itself still loads after a reload.
    await page.route('**/api/v1/reports', (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue(),
    );
    await page.goto(e.base + '/#/pages/reports/index');
    await page.getByText('已定位', { exact: false }).first().waitFor();
    await page.locator('.nx-categories__item--flooding').first().waitFor();
    await fillReport(text);
    await page.getByText('已保存，待发送').first().waitFor();

    await page.reload();
    await page.locator('.nx-report-new__unsent', { hasText: '1 条待发送' }).first().waitFor();
    await page.locator('.nx-outbox__item--pending').first().waitFor();
    await page.goto(e.base + '/#/pages/home/index');
    await page.locator('.nx-home__outbox', { hasText: '1 条随手拍待发送' }).first().waitFor();
    await e.shot('e2e-offline-home-count');
    await page.locator('.nx-home__outbox').first().click();
    await page.locator('.nx-outbox__item--pending').first().waitFor();
    await e.shot('e2e-offline-kept-after-reload');
    expect(await reportsWith(text)).toBe(0);

    await page.unroute('**/api/v1/reports');
    const answered = page.waitForResponse(
      (res) => res.request().method() === 'POST' && new URL(res.url()).pathname === '/api/v1/reports',
    );
    await page.locator('.nx-outbox__item--pending .nx-outbox__retry').first().click();
    expect((await answered).status()).toBeLessThan(300);
    await page.locator('.nx-outbox__item--pending').first().waitFor({ state: 'detached', timeout: 20_000 });
    expect(await page.locator('.nx-outbox__item--sent').count()).toBe(2);
    await e.shot('e2e-offline-retried');
    expect(await reportsWith(text)).toBe(1);
    // The photo came from IndexedDB after the reload.
    const photos = await e.t.db.execute(
      sql`select count(*)::int as n from report_photos p join reports r on r.id = p.report_id where r.description = ${text}`,
    );
    expect(rowsOf<{ n: number }>(photos)[0]!.n).toBe(1);
  });
});
