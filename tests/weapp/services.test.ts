import { seedId } from '../../server/src/seed/demo.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { startWeapp, type Weapp } from './harness.js';

// The new services on the WeChat build (dist/weapp), tapped through their real pages against the
// real API with the demo data: 社区 (activity sign-up and check-in by the organiser's code, a 随手帮
// task claimed and done, a 微心愿, a 骑思妙想 suggestion), 暖新公寓 (search, apply; the operator
// offers a bed on its own page), 法律援助 (a case opened; the mediator accepts it on its page).
// What staff set up beforehand (an activity, a task) goes through the API, as their pages would.
let t: TestContext;
let w: Weapp;
const HOUR = 3600_000;

beforeAll(async () => {
  t = await buildTestApp({ DEMO_MODE: 'true', LOGIN_RATE_LIMIT: '1000' }, { demo: true });
  w = await startWeapp(t);
  await w.loginAs('rider');
  w.privacy.agreed = true;
});
afterAll(async () => {
  await t?.close();
});

async function as(account: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/demo-login', payload: { account } });
  const res = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${login.json().accessToken as string}` },
    ...(payload ? { payload } : {}),
  });
  expect({ url, status: res.statusCode < 300 ? 'ok' : res.body }).toEqual({ url, status: 'ok' });
  return res.json();
}

/** The last API request to `url` (exact path, or prefix with `*`). */
const sent = (method: string, url: string) =>
  w.requests
    .filter((r) => r.method === method && (url.endsWith('*') ? r.url.startsWith(url.slice(0, -1)) : r.url === url))
    .at(-1);

/** The navigateTo/redirectTo the page asked for since `from`. */
const navigation = (from: number) =>
  w.calls.slice(from).find((c) => ['navigateTo', 'redirectTo'].includes(c.api))?.arg?.url as string | undefined;

it('活动: the rider signs up on the activity page, then checks in by scanning the organiser’s code', async () => {
  const now = Date.now();
  const activity = await as('community_admin', 'POST', '/activities/staff', {
    title: '骑手健康义诊',
    kind: '义诊',
    description: '量血压、测血糖',
    place: { lat: 39.9219, lng: 116.4619, address: '金台里社区服务站' },
    capacity: 5,
    audience: '骑手及家属',
    signupOpensAt: new Date(now - HOUR).toISOString(),
    signupClosesAt: new Date(now + HOUR).toISOString(),
    sessions: [{ startsAt: new Date(now - 10 * 60_000).toISOString(), endsAt: new Date(now + 2 * HOUR).toISOString() }],
  });
  const page = await w.openPage('packages/community/activity/index', { id: activity.id });
  await page.waitForText('骑手健康义诊');
  await page.tap('nx-act-detail__signup', '报名');
  await page.until(() => page.all('nx-act-detail__mine--confirmed').length > 0, 'the confirmed sign-up');
  expect(page.text()).toContain('报名成功');
  expect(sent('POST', `/api/v1/activities/${activity.id}/signup`)?.status).toBeLessThan(300);
  // 去签到 opens the check-in page.
  const at = w.calls.length;
  await page.tap('nx-act-detail__checkin', '去签到');
  expect(navigation(at)).toMatch(/^\/packages\/community\/checkin\/index/);
  page.close();

  // The organiser's screen shows the rotating code (its page asks the API for it).
  const code = await as('community_admin', 'GET', `/activities/staff/sessions/${activity.sessions[0].id}/code`);
  w.answers.scanCode = () => ({ result: code.code as string });
  const checkin = await w.openPage('packages/community/checkin/index');
  const before = w.calls.length;
  await checkin.tap('nx-act-checkin__scan', '扫现场签到码');
  await checkin.until(() => checkin.all('nx-act-checkin__ok').length > 0, 'the check-in');
  expect(checkin.text()).toContain('签到成功');
  expect(w.calls[w.indexOf('scanCode', before)]!.arg).toMatchObject({ onlyFromCamera: true, scanType: ['qrCode'] });
  expect(JSON.parse(String(sent('POST', '/api/v1/activities/check-ins')!.body))).toEqual({ code: code.code });
  checkin.close();
});

it('随手帮: the rider claims a task, then marks it done with a note', async () => {
  const now = Date.now();
  const task = await as('community_admin', 'POST', '/staff/tasks', {
    communityId: seedId('community:C-HJL-01'),
    kind: '送药',
    title: '给独居老人送降压药',
    description: '药已备好，在社区服务站取',
    area: '金台里',
    privateAddress: '金台里 3 号楼 2 单元 501',
    startsAt: new Date(now + HOUR).toISOString(),
    endsAt: new Date(now + 5 * HOUR).toISOString(),
    slots: 2,
    points: 10,
  });
  const page = await w.openPage('packages/community/tasks/detail/index', { id: task.id });
  await page.waitForText('给独居老人送降压药');
  expect(page.text()).not.toContain('501'); // the exact address only after claiming
  await page.tap('nx-ctask__claim');
  await page.until(() => page.all('nx-ctask__done').length > 0, 'the claimed task');
  expect(page.text()).toContain('501');
  await page.input('nx-ctask__note', '药已送到，老人签收');
  await page.tap('nx-ctask__done');
  await page.until(() => page.all('nx-ctask__done').length === 0, 'the task done');
  const done = sent('POST', `/api/v1/tasks/${task.id}/done`)!;
  expect(done.status).toBe(200);
  expect(JSON.parse(String(done.body))).toEqual({ note: '药已送到，老人签收' });
  page.close();
});

it('微心愿: the rider picks a community, a category, writes the wish; it goes to review, then to 我的心愿', async () => {
  const page = await w.openPage('packages/community/wishes/new/index');
  await page.waitForText('心愿类别');
  await page.input('nx-new-wish__search', '金台');
  await page.until(() => page.all('nx-new-wish__target').length > 0, 'the places found');
  await page.tap('nx-new-wish__target');
  await page.tap('nx-new-wish__category');
  await page.input('nx-new-wish__body', '想要一个冬天用的电动车挡风被');
  const at = w.calls.length;
  await page.tap('nx-new-wish__submit');
  await page.until(() => navigation(at) !== undefined, 'the redirect');
  expect(navigation(at)).toMatch(/^\/packages\/community\/wishes\/mine\/index/);
  const wish = sent('POST', '/api/v1/wishes')!;
  expect(wish.status).toBe(201);
  expect(JSON.parse(String(wish.body))).toMatchObject({ body: '想要一个冬天用的电动车挡风被' });
  page.close();
});

it('骑思妙想: the rider sends a suggestion to a place; 我的建议 next', async () => {
  const page = await w.openPage('packages/community/suggestions/new/index');
  await page.waitForText('建议给');
  await page.input('nx-new-suggestion__search', '金台');
  await page.until(() => page.all('nx-new-suggestion__target').length > 0, 'the places found');
  await page.tap('nx-new-suggestion__target');
  await page.input('nx-new-suggestion__title', '驿站加一个充电柜');
  await page.input('nx-new-suggestion__body', '晚上充电排队太久，希望加一个换电柜');
  const at = w.calls.length;
  await page.tap('nx-new-suggestion__submit');
  await page.until(() => navigation(at) !== undefined, 'the redirect');
  expect(navigation(at)).toMatch(/^\/packages\/community\/suggestions\/mine\/index/);
  const s = sent('POST', '/api/v1/suggestions')!;
  expect(s.status).toBe(201);
  expect(JSON.parse(String(s.body))).toMatchObject({ title: '驿站加一个充电柜' });
  page.close();
});

it('暖新公寓: search, open the apartment, apply for a bed; the operator offers one on its page', async () => {
  const list = await w.openPage('packages/housing/index');
  await list.waitForText('双井怡舍公寓');
  await list.input('nx-housing__max', '2000');
  await list.tap('nx-housing__search');
  await list.until(() => /maxPrice=2000/.test(sent('GET', '/api/v1/housing/beds*')?.url ?? ''), 'the search');
  const at = w.calls.length;
  await list.tap('nx-housing__hit', '双井怡舍公寓');
  const url = navigation(at)!;
  expect(url).toMatch(/^\/packages\/housing\/apartment\/index\?id=/);
  list.close();

  const apartment = await w.openPage('packages/housing/apartment/index', {
    id: decodeURIComponent(/id=([^&]+)/.exec(url)![1]!),
  });
  await apartment.waitForText('申请床位');
  await apartment.tap('nx-housing__gender--male');
  await apartment.input('nx-housing__needs', '夜班，希望安静的房间');
  const applyAt = w.calls.length;
  await apartment.tap('nx-housing__apply');
  await apartment.until(() => navigation(applyAt) !== undefined, 'the redirect to my applications');
  expect(navigation(applyAt)).toBe('/packages/housing/index?tab=mine');
  const applied = sent('POST', '/api/v1/housing/applications')!;
  expect(applied.status).toBe(200);
  expect(JSON.parse(String(applied.body))).toMatchObject({ gender: 'male', months: 3, needs: '夜班，希望安静的房间' });
  apartment.close();

  await w.loginAs('apartment_operator');
  const review = await w.openPage('packages/housing/staff/review/index');
  await review.until(() => review.all('nx-housing__offer').length > 0, 'an application to offer');
  await review.tap('nx-housing__offer', '分配床位', { cls: 'nx-housing__app', text: '夜班，希望安静的房间' });
  await review.until(() => review.all('nx-housing__offer-bed').length > 0, 'the free beds');
  await review.tap('nx-housing__offer-bed');
  await review.waitForText(/已为 .* 分配/);
  const offered = sent('POST', '/api/v1/housing/manage/applications/*')!;
  expect(offered.url).toMatch(/\/offer$/);
  expect(offered.status).toBe(200);
  review.close();
  await w.loginAs('rider');
});

it('法律援助: the rider opens a case; the mediator accepts it on the case page', async () => {
  if ((w.storage.get('nx.session.v1') as { user?: { role?: string } } | undefined)?.user?.role !== 'rider') {
    await w.loginAs('rider');
  }
  const page = await w.openPage('packages/legal/new/index');
  await page.waitForText('纠纷类型');
  await page.until(() => page.all('nx-legal__chip').length > 3, 'the options');
  await page.tap('nx-legal__chip');
  await page.input('nx-legal-new__description', '站点拖欠两个月工资，一共 8000 元');
  await page.input('nx-legal-new__party', '某配送站点');
  await page.input('nx-legal-new__request', '希望拿回工资');
  const at = w.calls.length;
  await page.tap('nx-legal-new__submit');
  await page.until(() => navigation(at) !== undefined, 'the case page');
  expect(navigation(at)).toMatch(/^\/packages\/legal\/case\/index\?id=/);
  const opened = sent('POST', '/api/v1/legal/cases')!;
  expect(opened.status).toBe(201);
  const id = (JSON.parse(opened.response!) as { case: { id: string } }).case.id;
  page.close();

  await w.loginAs('mediator');
  const staff = await w.openPage('packages/legal/staff/case/index', { id });
  await staff.tap('nx-legal-staff__accept', '受理');
  await staff.until(() => sent('POST', `/api/v1/staff/legal/cases/${id}/accept`)?.status === 200, 'the accept');
  await staff.until(() => staff.all('nx-legal-staff__accept').length === 0, 'the accepted case');
  staff.close();
});
