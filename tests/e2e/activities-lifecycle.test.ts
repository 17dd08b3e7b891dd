import { and, eq, sql } from 'drizzle-orm';
import { activities, notifications, users } from '../../server/src/db/schema/index.js';
import { insertStation } from '../server/stations/support.js';
import { fillInput, signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

const TITLE = '家庭日·亲子骑行';
const STATION = '暖新测试驿站';

describe('H5 app in Chromium: an activity at a station, found near me, then cancelled by the organiser', () => {
  let e: E2E;
  let activityId = '';

  beforeAll(async () => {
    // The rider stands ~100 m from the station (a WGS-84 fix; the app converts it to GCJ-02).
    e = await startE2E({ geolocation: { latitude: 39.9205, longitude: 116.4545 } });
    // A station on the demo community admin's street.
    const [place] = (
      (await e.t.db.execute(sql`
        select c.street_id, st.district_id from users u
          join staff_scopes ss on ss.user_id = u.id and ss.kind = 'community'
          join communities c on c.id = ss.ref_id
          join streets st on st.id = c.street_id
         where u.demo_account = 'community_admin' limit 1`)) as unknown as {
        rows: { street_id: string; district_id: string }[];
      }
    ).rows;
    await insertStation(e.t.db, {
      districtId: place!.district_id,
      streetId: place!.street_id,
      name: STATION,
      address: '呼家楼南里 8 号',
      lat: 39.9219,
      lng: 116.4603,
    });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('the community admin publishes at a station chosen by name', async () => {
    const { page } = e;
    await signInFresh(e, 'community_admin');
    await page.goto(`${e.base}/#/packages/community/staff/activities/edit/index`);
    await fillInput(e, 'nx-act-form__title', TITLE);
    await page.locator('.nx-act-form__kind', { hasText: '家庭日' }).click();
    await fillInput(e, 'nx-act-form__capacity', '1');
    await fillInput(e, 'nx-act-form__station__search', '暖新测试');
    await page.locator('.nx-act-form__station__target', { hasText: STATION }).click();
    await page.getByText('地址：呼家楼南里 8 号').waitFor();
    await e.screenshot('e2e-activities2-station-picked');
    await page.locator('.nx-act-form__save').click();
    await page.locator('.nx-act-form__done', { hasText: `已保存「${TITLE}」` }).waitFor();
    const [row] = await e.t.db.select().from(activities).where(eq(activities.title, TITLE));
    expect(row?.stationId).toBeTruthy();
    activityId = row!.id;
  });

  it('the rider turns on 附近, sees the distance, and signs up', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.goto(`${e.base}/#/packages/community/activities/index`);
    await page.locator('.nx-act-chip--near').click();
    await page.locator('.nx-act-chip--near.nx-act-chip--on').waitFor();
    const card = page.locator('.nx-act-card', { hasText: TITLE });
    await card.waitFor();
    await card.getByText(/\d+ 米/).waitFor();
    await card.getByText(STATION).waitFor();
    await e.screenshot('e2e-activities2-near-me');
    await card.click();
    await page.locator('.nx-act-detail__signup').click();
    await page.locator('.nx-act-detail__mine-title', { hasText: '已报名' }).waitFor();
  });

  it('the organiser cancels with a reason; the rider is told and cannot sign up again', async () => {
    const { page } = e;
    await signInFresh(e, 'community_admin');
    await page.goto(`${e.base}/#/packages/community/staff/activities/edit/index?id=${activityId}`);
    await page.locator('.nx-act-form__cancel-reason').waitFor();
    await fillInput(e, 'nx-act-form__cancel-reason', '暴雨预警，改期另行通知');
    await page.locator('.nx-act-form__cancel-button').click();
    // Taro's H5 modal: confirm with its primary button.
    await page.getByText('取消活动', { exact: true }).last().click();
    await page.locator('.nx-act-form__cancelled').waitFor();
    await e.screenshot('e2e-activities2-staff-cancelled');

    const [rider] = await e.t.db.select().from(users).where(eq(users.demoAccount, 'rider'));
    const told = await e.t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, rider!.id), eq(notifications.kind, 'activity_cancelled')));
    expect(told).toHaveLength(1);

    await signInFresh(e, 'rider');
    await page.goto(`${e.base}/#/packages/community/activity/index?id=${activityId}`);
    await page.locator('.nx-act-detail__mine--cancelled', { hasText: '暴雨预警' }).waitFor();
    expect(await page.locator('.nx-act-detail__signup').count()).toBe(0);
    await e.screenshot('e2e-activities2-rider-cancelled');
  });
});
