import { eq } from 'drizzle-orm';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { cityForwards, users } from '../../server/src/db/schema/index.js';
import { createReportsContext, forwardDue, pollCity } from '../../server/src/reports/index.js';
import { jpeg, submit } from '../fixtures/reports.js';
import { startFakeOpen311, type FakeOpen311 } from '../support/fake-open311.js';
import { signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

// Inside 呼家楼街道 (the demo street operator's) once converted to GCJ-02.
const HUJIALOU_WGS84 = { latitude: 39.922, longitude: 116.455 };
const MIN = 60_000;

describe('H5 app in Chromium: 转交12345 and the city’s replies in the timeline', () => {
  let e: E2E;
  let fake: FakeOpen311;
  let reportId: string;

  beforeAll(async () => {
    fake = await startFakeOpen311({ apiKey: 'city-key-e2e' });
    e = await startE2E({
      geolocation: HUJIALOU_WGS84,
      env: { CITY_OPEN311_URL: fake.baseUrl, CITY_OPEN311_API_KEY: 'city-key-e2e' },
    });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
    await fake?.close();
  });

  const demoUser = async (account: string) => {
    const [u] = await e.t.db.select().from(users).where(eq(users.demoAccount, account));
    return { id: u!.id, role: u!.role };
  };
  /** The city passes at a clock `aheadMs` past now (the poll interval is 15 minutes). */
  const ctxAt = (aheadMs: number) => createReportsContext(e.t.db, e.t.config, () => new Date(Date.now() + aheadMs));

  it('a district admin makes 信号灯故障 a city-level category', async () => {
    const { page } = e;
    await signInFresh(e, 'district_admin');
    await page.goto(e.base + '/#/packages/reports/staff/categories/index');
    const card = page.locator('.nx-category--signal');
    await card.waitFor();
    await card.locator('.nx-category__edit').click();
    await card.locator('.nx-category-form__city--on').click();
    await e.shot('e2e-city-category-form');
    await card.locator('.nx-category-form__submit').click();
    await page.getByText('已保存「信号灯故障」').first().waitFor();
    await card.locator('.nx-admin__city').waitFor();
    expect(await card.textContent()).toContain('市级');
    await e.shot('e2e-city-categories');
  });

  it('a street operator 转交12345 a report; the city answers and later closes it', async () => {
    const { page } = e;
    const here = wgs84ToGcj02({ lng: HUJIALOU_WGS84.longitude, lat: HUJIALOU_WGS84.latitude });
    const res = await submit(e.t.app, await demoUser('rider'), {
      category: 'pothole',
      point: here,
      photos: [await jpeg()],
      fields: { description: '主路中间塌了一块，涉及燃气管线' },
    });
    expect(res.statusCode).toBe(201);
    reportId = res.json().report.id;

    await signInFresh(e, 'street_operator');
    await page.goto(`${e.base}/#/packages/reports/staff/report/index?id=${reportId}`);
    await page.locator('.nx-action--city-forward').first().click();
    await page.getByText('转交 12345？').first().waitFor();
    await e.shot('e2e-city-forward-confirm', '.nx-action--city-forward');
    await page.getByText('转交', { exact: true }).last().click();
    await page.locator('.nx-city--pending').first().waitFor();
    expect(await page.locator('.nx-action--city-forward').count()).toBe(0);
    await e.shot('e2e-city-staff-pending', '.nx-city');

    expect((await forwardDue(ctxAt(0))).forwarded).toBe(1);
    const [row] = await e.t.db.select().from(cityForwards).where(eq(cityForwards.reportId, reportId));
    expect(row!.state).toBe('forwarded');
    fake.setStatus(row!.serviceRequestId!, 'open', '已派发至区燃气集团');
    expect((await pollCity(ctxAt(16 * MIN))).updated).toBe(1);

    await page.reload();
    await page.locator('.nx-city--forwarded').first().waitFor();
    expect(await page.locator('.nx-city').first().textContent()).toContain(row!.serviceRequestId!);
    await page.getByText('12345 处理中：已派发至区燃气集团').first().waitFor();
    await e.shot('e2e-city-staff-forwarded', '.nx-timeline');

    fake.setStatus(row!.serviceRequestId!, 'closed', '燃气集团已抢修完毕');
    expect((await pollCity(ctxAt(32 * MIN))).closed).toBe(1);
  });

  it('the rider sees the forward and the city’s replies in the report’s timeline', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.goto(`${e.base}/#/packages/reports/detail/index?id=${reportId}`);
    await page.locator('.nx-city--closed').first().waitFor();
    const timeline = page.locator('.nx-timeline');
    await timeline.getByText('已转交 12345', { exact: false }).first().waitFor();
    const text = await timeline.textContent();
    expect(text).toContain('申请转交 12345');
    // Closed by the city: not the rider's to reopen.
    expect(await page.getByText('没修好，重新打开').count()).toBe(0);
    expect(text).toContain('12345 处理中：已派发至区燃气集团');
    expect(text).toContain('12345 已办结：燃气集团已抢修完毕');
    expect(await page.locator('.nx-state--closed').first().textContent()).toBe('已办结');
    // The rider sees no attempts or errors (staff only).
    expect(await page.locator('.nx-city__attempts').count()).toBe(0);
    await e.shot('e2e-city-rider-card', '.nx-city');
    await e.shot('e2e-city-rider-timeline', '.nx-timeline');
  });
});
