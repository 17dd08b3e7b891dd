import { eq, sql } from 'drizzle-orm';
import { activities, activitySessions } from '../../server/src/db/schema/index.js';
import { issueActivityCode } from '../../server/src/activities/index.js';
import { fillInput, signInFresh, startE2E, type E2E, E2E_START_TIMEOUT } from './browser.js';

const TITLE = '夜校·安全骑行课';

describe('H5 app in Chromium: an organiser publishes, a rider signs up, checks in with the code, earns points', () => {
  let e: E2E;
  let activityId = '';
  let sessionId = '';

  beforeAll(async () => {
    e = await startE2E();
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  it('the community admin publishes a course from the 工作台', async () => {
    const { page } = e;
    await signInFresh(e, 'community_admin');
    await page.locator('.nx-staff-entry').first().click();
    await page.locator('.nx-staff__section', { hasText: '活动 · 课程' }).click();
    await page.locator('.nx-staff-activities__new').click();
    await fillInput(e, 'nx-act-form__title', TITLE);
    await page.locator('.nx-act-form__kind', { hasText: '课程' }).click();
    await page.locator('.nx-act-form__desc textarea').fill('交通安全与电动车保养，结业发证书。');
    await fillInput(e, 'nx-act-form__capacity', '20');
    await fillInput(e, 'nx-act-form__count', '4');
    await fillInput(e, 'nx-act-form__address', '呼家楼驿站二层活动室');
    await fillInput(e, 'nx-act-form__lat', '39.9219');
    await fillInput(e, 'nx-act-form__lng', '116.4603');
    await e.screenshot('e2e-activities-staff-form');
    await page.locator('.nx-act-form__save').click();
    await page.locator('.nx-act-form__done', { hasText: `已保存「${TITLE}」，共 4 场` }).waitFor();
    const [row] = await e.t.db.select().from(activities).where(eq(activities.title, TITLE));
    expect(row).toBeDefined();
    activityId = row!.id;
  });

  it('the rider finds it under 社区 → 活动 · 课程 and signs up', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.locator('.nx-tile--community').first().click();
    await page.locator('.nx-community__section--activities').waitFor();
    await page.waitForTimeout(400); // the page slides in
    await e.screenshot('e2e-activities-hub');
    await page.locator('.nx-community__section--activities').click();
    const card = page.locator('.nx-act-card', { hasText: TITLE });
    await card.waitFor();
    await card.getByText('共 4 场', { exact: false }).waitFor();
    await e.screenshot('e2e-activities-list');
    await card.click();
    await page.locator('.nx-act-detail__signup').click();
    await page.locator('.nx-act-detail__mine-title', { hasText: '已报名' }).waitFor();
    await page.locator('.nx-act-detail__done', { hasText: '报名成功' }).waitFor();
    await e.screenshot('e2e-activities-detail-signed-up');
  });

  it('on the evening, the organiser shows the rotating code big', async () => {
    const { page } = e;
    // The first evening comes: the first session starts now (the form's date picker is native UI).
    const [first] = await e.t.db
      .select()
      .from(activitySessions)
      .where(eq(activitySessions.activityId, activityId))
      .orderBy(activitySessions.seq)
      .limit(1);
    sessionId = first!.id;
    await e.t.db
      .update(activitySessions)
      .set({ startsAt: sql`now() - interval '5 minutes'`, endsAt: sql`now() + interval '2 hours'` })
      .where(eq(activitySessions.id, sessionId));
    await e.t.db
      .update(activities)
      .set({ startsAt: sql`now() - interval '5 minutes'`, signupClosesAt: sql`now() - interval '6 minutes'` })
      .where(eq(activities.id, activityId));

    await signInFresh(e, 'community_admin');
    await page.goto(`${e.base}/#/packages/community/staff/activities/list/index`);
    const item = page.locator('.nx-staff-activities__item', { hasText: TITLE });
    await item.locator('.nx-staff-activities__roster').click();
    await page.locator('.nx-act-roster__name', { hasText: '王师傅' }).waitFor();
    await e.screenshot('e2e-activities-roster-before');
    await page.locator('.nx-act-roster__code').first().click();
    const digits = page.locator('.nx-act-code__digits');
    await digits.waitFor();
    expect((await digits.innerText()).trim()).toMatch(/^\d{3} \d{3}$/);
    const qr = await page.locator('.nx-act-code__qr').boundingBox();
    expect(qr!.width).toBeGreaterThan(250);
    await e.screenshot('e2e-activities-code');
  });

  it('the rider types the six digits, is checked in once, and sees the points', async () => {
    const { page } = e;
    await signInFresh(e, 'rider');
    await page.goto(`${e.base}/#/packages/community/checkin/index`);
    await page.locator('.nx-act-checkin__input').waitFor();
    // What the organiser's screen shows at this moment (it turns every 30 s).
    const { digits } = issueActivityCode(e.t.config.access, sessionId, new Date());
    await fillInput(e, 'nx-act-checkin__input', `${digits.slice(0, 3)} ${digits.slice(3)}`);
    await page.locator('.nx-act-checkin__submit').click();
    await page.locator('.nx-act-checkin__ok-title', { hasText: '签到成功' }).waitFor();
    await page.getByText('获得 5 积分').waitFor();
    await e.screenshot('e2e-activities-checked-in');
    // Again: counted once.
    const again = issueActivityCode(e.t.config.access, sessionId, new Date()).digits;
    await fillInput(e, 'nx-act-checkin__input', again);
    await page.locator('.nx-act-checkin__submit').click();
    await page.locator('.nx-act-checkin__ok-title', { hasText: '已签到过' }).waitFor();
    await page.getByText('查看积分').click();
    // The demo rider had 24.
    await page.locator('.nx-points__balance-value', { hasText: '29' }).waitFor();
    await page.getByText('参加活动签到', { exact: false }).first().waitFor();
    await e.screenshot('e2e-activities-points');
  });

  it('the organiser’s roster shows the attendance', async () => {
    const { page } = e;
    await signInFresh(e, 'community_admin');
    await page.goto(`${e.base}/#/packages/community/staff/activities/roster/index?id=${activityId}`);
    await page.locator('.nx-act-roster__meta', { hasText: '签到 1/4' }).waitFor();
    await e.screenshot('e2e-activities-roster-after');
  });
});
