import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../server/src/db/client.js';
import {
  accessEvents,
  communities,
  reportCategories,
  reports,
  streets,
  users,
} from '../../server/src/db/schema/index.js';
import { signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

describe('H5 app in Chromium: 数据看板', () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E();
    e.page.on('pageerror', (err) => console.error('pageerror', err.message));
    // A week of reports and scans in the demo operator's street (呼家楼), so the charts have a shape.
    const db = e.t.db;
    const [street] = await db.select().from(streets).where(eq(streets.code, '110105004'));
    const cats = await db.select().from(reportCategories);
    const [rider] = await db.select().from(users).where(eq(users.role, 'rider')).limit(1);
    const [community] = await db.select().from(communities).where(eq(communities.streetId, street!.id)).limit(1);
    const now = Date.now();
    const rows = [];
    const events = [];
    for (let day = 0; day < 7; day++) {
      for (let i = 0; i < 2 + ((day * 3) % 5); i++) {
        const created = new Date(now - day * 86_400_000 - i * 3_600_000 - 600_000);
        const late = i % 3 === 0;
        rows.push({
          reporterId: rider!.id,
          idempotencyKey: `e2e-dash-${day}-${i}`,
          categoryId: cats[i % cats.length]!.id,
          lat: 39.922,
          lng: 116.461,
          districtId: street!.districtId,
          streetId: street!.id,
          state: day === 0 && i === 0 ? 'submitted' : 'fixed',
          createdAt: created,
          acceptDueAt: new Date(created.getTime() + 30 * 60_000),
          fixDueAt: new Date(created.getTime() + 24 * 3_600_000),
          ...(day === 0 && i === 0
            ? {}
            : {
                acceptedAt: new Date(created.getTime() + (late ? 45 : 12) * 60_000),
                fixedAt: new Date(created.getTime() + (late ? 30 : 5) * 3_600_000),
              }),
        });
      }
      for (let h = 0; h < 12; h++) {
        const at = new Date(now - day * 86_400_000 - h * 1_700_000);
        events.push({
          communityId: community!.id,
          riderId: rider!.id,
          method: 'gate_code',
          granted: h % 4 !== 0,
          reason: h % 4 !== 0 ? 'OK' : h % 8 === 0 ? 'NO_PASS' : 'TOO_FAR',
          scannedAt: at,
          createdAt: at,
        });
      }
    }
    // The first one was filed an hour ago and its 30-minute accept deadline has passed: overdue.
    rows[0]!.createdAt = new Date(now - 3_600_000);
    rows[0]!.acceptDueAt = new Date(now - 1_800_000);
    await db.insert(reports).values(rows);
    await db.insert(accessEvents).values(events);
    expect(rowsOf(await db.execute(sql`select 1`))).toHaveLength(1);
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('a street operator opens 数据看板 from the workbench: charts, tables, overdue → the report', async () => {
    const { page } = e;
    await signInFresh(e, 'street_operator');
    await page.goto(e.base + '/#/packages/me/workbench/index');
    await page.getByText('数据看板', { exact: true }).first().click();
    await page.getByText('呼家楼街道 · 数据看板').first().waitFor();
    await page.locator('#dash-reports-daily canvas, canvas#dash-reports-daily').first().waitFor();
    await page.waitForTimeout(800);
    // The chart drew something: the canvas is not blank.
    const painted = await page.evaluate(() => {
      const host = document.getElementById('dash-reports-daily');
      const c = (host?.tagName === 'CANVAS' ? host : host?.querySelector('canvas')) as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(1000);
    await e.screenshot('e2e-dashboard-reports');
    await page.locator('.nx-dash__overdue').first().click();
    await page.locator('.nx-timeline__item, .nx-action--accept').first().waitFor();
    await e.screenshot('e2e-dashboard-overdue-report');
  });

  it('the 暖新码 tab and a custom period', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/packages/dashboards/staff/board/index');
    await page.locator('.nx-tabs').getByText('通行', { exact: true }).click();
    await page.getByText('按时段（北京时间）').first().waitFor();
    await page.getByText('近30天', { exact: true }).first().click();
    await page.getByText('（30 天，北京时间）', { exact: false }).first().waitFor();
    await page.waitForTimeout(800);
    await e.screenshot('e2e-dashboard-access');
  });

  it('a district admin compares its streets', async () => {
    const { page } = e;
    await signInFresh(e, 'district_admin');
    await page.goto(e.base + '/#/packages/dashboards/staff/board/index');
    await page.getByText('街道对比').first().waitFor();
    await page.waitForTimeout(800);
    await page.getByText('街道对比').first().scrollIntoViewIfNeeded();
    await e.screenshot('e2e-dashboard-district');
  });

  it('the 积分 tab: the district’s points month by month, how they were earned, the shops', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/packages/dashboards/staff/board/index');
    await page.locator('.nx-tabs').getByText('积分', { exact: true }).click();
    await page.getByText('按月：发放与去向').first().waitFor();
    // The demo's 送餐助老 grant was made in 呼家楼 (朝阳区): issued here, and by that rule.
    await page.getByText('送餐助老').first().waitFor();
    await page.locator('.nx-dash__kpi', { hasText: '发放' }).getByText('14').waitFor();
    await page.locator('#dash-points-months canvas, canvas#dash-points-months').first().waitFor();
    await page.waitForTimeout(800);
    await e.screenshot('e2e-dashboard-points');
  });

  it('the district admin opens 驿站覆盖 (gaps on the map) and the district map (shading, layers)', async () => {
    const { page } = e;
    await page.locator('.nx-tabs').getByText('驿站覆盖', { exact: true }).click();
    await page.getByText('覆盖缺口地图').first().waitFor();
    await page.getByText('社区覆盖率').first().waitFor();
    // The gaps are drawn (red areas) over the district's own outline, with the 24-hour stations.
    await page.locator('.nx-cover__map path.nx-geo-map__area').first().waitFor();
    await page.locator('.nx-cover__map path.nx-geo-map__district').first().waitFor();
    expect(await page.locator('.nx-cover__map .nx-geo-pin--station').count()).toBeGreaterThan(0);
    // No tile server: nothing was fetched for a background.
    expect(await page.locator('.nx-cover__map .leaflet-tile').count()).toBe(0);
    await e.shot('e2e-dashboard-coverage', '.nx-cover__map');
    await page.getByText('驿站类型').first().scrollIntoViewIfNeeded();
    await e.shot('e2e-dashboard-coverage-tables', 'text=驿站类型');

    await page.locator('.nx-tabs').getByText('地图', { exact: true }).click();
    await page.locator('.nx-scope-map path[data-name="呼家楼街道"][data-fill]').first().waitFor();
    // 呼家楼 has the one open (and overdue) report: darker than the streets with none.
    const fillOf = (name: string) =>
      page.locator(`.nx-scope-map path[data-name="${name}"]`).first().getAttribute('data-fill');
    expect(await fillOf('呼家楼街道')).not.toBe(await fillOf('望京街道'));
    expect(await page.locator('.nx-scope-map .nx-geo-pin--report.nx-geo-pin--urgent').count()).toBeGreaterThan(0);
    await e.shot('e2e-dashboard-map', '.nx-scope-map');
    // The overdue share, and the reports layer switched off.
    await page.locator('.nx-scope-map').getByText('超时占比', { exact: true }).first().click();
    await page.locator('.nx-scope-map').getByText('≥ 50%').first().waitFor();
    expect(await fillOf('呼家楼街道')).toBe('#9a3412');
    await page.locator('.nx-scope-map').getByText('工单', { exact: true }).first().click();
    await page.waitForTimeout(300);
    expect(await page.locator('.nx-scope-map .nx-geo-pin--report').count()).toBe(0);
    expect(await page.locator('.nx-scope-map .nx-geo-pin--station').count()).toBeGreaterThan(0);
    await e.shot('e2e-dashboard-map-overdue', '.nx-scope-map');
  });
});
