import { eq } from 'drizzle-orm';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { users } from '../../server/src/db/schema/index.js';
import { jpeg, multipart, submit } from '../fixtures/reports.js';
import { signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

// Where the operator stands (WGS-84 from the browser): inside 呼家楼街道 once converted.
const HUJIALOU_WGS84 = { latitude: 39.922, longitude: 116.455 };

describe('H5 app in Chromium: 随手拍 routing data, merging duplicates, the staff map', () => {
  let e: E2E;
  let keepId: string;
  let dupId: string;

  beforeAll(async () => {
    e = await startE2E({ geolocation: HUJIALOU_WGS84 });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  const demoUser = async (account: string) => {
    const [u] = await e.t.db.select().from(users).where(eq(users.demoAccount, account));
    return { id: u!.id, role: u!.role };
  };

  it('a district admin adds a category with an icon and SLA', async () => {
    const { page } = e;
    await signInFresh(e, 'district_admin');
    await page.goto(e.base + '/#/packages/reports/staff/categories/index');
    await page.locator('.nx-category').first().waitFor();
    await page.locator('.nx-categories-add').first().click();
    await page.locator('.nx-category-form__code input, input.nx-category-form__code').first().fill('guardrail');
    await page.locator('.nx-category-form__name input, input.nx-category-form__name').first().fill('护栏损坏');
    await page.locator('.nx-admin__icon-choice', { hasText: '栏' }).first().click();
    await page.locator('.nx-category-form__fix input, input.nx-category-form__fix').first().fill('12');
    await e.shot('e2e-reports-admin-category-form');
    await page.locator('.nx-category-form__submit').first().click();
    await page.getByText('已新增「护栏损坏」').first().waitFor();
    const card = page.locator('.nx-category--guardrail');
    await card.waitFor();
    expect(await card.textContent()).toContain('修复 12 小时');
    await e.shot('e2e-reports-admin-categories');
  });

  it('two riders report the same broken guardrail; the operator merges one into the other', async () => {
    const { page } = e;
    const here = wgs84ToGcj02({ lng: HUJIALOU_WGS84.longitude, lat: HUJIALOU_WGS84.latitude });
    const first = await submit(e.t.app, await demoUser('rider'), {
      category: 'guardrail',
      point: here,
      photos: [await jpeg()],
    });
    expect(first.statusCode).toBe(201);
    keepId = first.json().report.id;
    const second = await submit(e.t.app, await demoUser('rider2'), {
      category: 'guardrail',
      point: { lng: here.lng + 0.001, lat: here.lat },
      photos: [await jpeg()],
    });
    expect(second.statusCode).toBe(201);
    dupId = second.json().report.id;
    expect(second.json().report.streetName).toBe('呼家楼街道');

    await signInFresh(e, 'street_operator');
    await page.goto(`${e.base}/#/packages/reports/staff/report/index?id=${dupId}`);
    await page.locator('.nx-action--merge').first().click();
    const candidate = page.locator('.nx-merge__item').first();
    await candidate.waitFor();
    expect(await candidate.textContent()).toMatch(/相距 \d+ 米/);
    await e.shot('e2e-reports-merge-candidates');
    await candidate.click();
    await page.getByText('合并为重复上报？').first().waitFor();
    await e.shot('e2e-reports-merge-confirm');
    await page.getByText('合并', { exact: true }).last().click();
    await page.locator('.nx-merged-into').first().waitFor();
    expect(await page.locator('.nx-state').first().textContent()).toBe('未受理');
    await e.shot('e2e-reports-merged');
    // The kept report now counts the duplicate's reporter as one more "我也遇到".
    await page.locator('.nx-merged-into').first().click();
    await page.locator('.nx-staff-report__confirmations', { hasText: '另有 1 人遇到' }).first().waitFor();
    expect(page.url()).toContain(keepId);
  });

  it('the merged report’s reporter is told it was a duplicate', async () => {
    const { page } = e;
    await signInFresh(e, 'rider2');
    await page.goto(e.base + '/#/packages/me/notifications/index');
    await page.locator('.nx-inbox__item', { hasText: '重复上报' }).first().waitFor();
    await e.shot('e2e-reports-merged-inbox');
  });

  it('a partner report shows as 来自合作方 in the operator’s queue', async () => {
    const { page } = e;
    const body = multipart(
      {
        api_key: 'dev-open311-key',
        service_code: 'pothole',
        lat: HUJIALOU_WGS84.latitude,
        long: HUJIALOU_WGS84.longitude,
        description: '合作方转来',
      },
      [{ field: 'media', data: await jpeg() }],
    );
    const res = await e.t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: body.payload,
      headers: body.headers,
    });
    expect(res.statusCode).toBe(200);
    await signInFresh(e, 'street_operator');
    await page.goto(e.base + '/#/packages/reports/staff/queue/index');
    await page.locator('.nx-queue__item', { hasText: '来自合作方' }).first().waitFor();
    await e.shot('e2e-reports-partner-queue');
  });

  it('on H5 the staff map is a list of open reports nearest to the operator, with distances', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/packages/reports/staff/map/index');
    const first = page.locator('.nx-report-map__row').first();
    await first.waitFor();
    const distances = await page.locator('.nx-report-map__distance').allTextContents();
    expect(distances.length).toBeGreaterThanOrEqual(2);
    const metres = distances.map((d) => (d.includes('公里') ? parseFloat(d) * 1000 : parseFloat(d)));
    expect(metres).toEqual([...metres].sort((a, b) => a - b));
    await e.shot('e2e-reports-staff-map-h5');
    await first.click();
    await page.locator('.nx-staff-report').first().waitFor();
  });

  it('the operator adds a team to its street and sees the category routing', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/packages/reports/staff/streets/index');
    await page.locator('.nx-street', { hasText: '呼家楼街道' }).first().click();
    await page.locator('.nx-route').first().waitFor();
    await page.locator('.nx-routing__team-name input, input.nx-routing__team-name').first().fill('护栏维修组');
    await page.locator('.nx-routing__add-team').first().click();
    await page.locator('.nx-team', { hasText: '护栏维修组' }).first().waitFor();
    await e.shot('e2e-reports-routing');
  });
});
