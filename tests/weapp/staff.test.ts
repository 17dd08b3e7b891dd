import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { teams } from '../../server/src/db/schema/index.js';
import { seedId } from '../../server/src/seed/demo.js';
import { multipart } from '../fixtures/reports.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { startWeapp, type Weapp } from './harness.js';

// Every staff role on the WeChat build (dist/weapp), against the real API with the demo data: the
// role signs in with its demo card, its 工作台 lists its sections, the section it works in most
// opens (the navigateTo the page asked WeChat for) and that page renders and does its main action.
let t: TestContext;
let w: Weapp;
/** A 随手拍 report the rider filed (API) for the street to accept and dispatch, and the crew to fix. */
let reportId = '';

beforeAll(async () => {
  t = await buildTestApp({ DEMO_MODE: 'true', LOGIN_RATE_LIMIT: '1000' }, { demo: true });
  w = await startWeapp(t);
});
afterAll(async () => {
  await t?.close();
});

async function token(account: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/demo-login', payload: { account } });
  return res.json().accessToken as string;
}

/** Signs `account` in, opens its 工作台, checks its sections and taps `section`; returns the page URL asked for. */
async function fromWorkbench(account: string, role: string, sections: string[], section: string) {
  await w.loginAs(account);
  const bench = await w.openPage('packages/me/workbench/index');
  await bench.waitForText(role);
  for (const s of sections) expect(bench.text()).toContain(s);
  const before = w.calls.length;
  await bench.tap('nx-staff__section--open', section);
  const nav = w.calls.slice(before).find((c) => c.api === 'navigateTo');
  expect(nav).toBeDefined();
  bench.close();
  const [route, query = ''] = String(nav!.arg?.url).split('?');
  return { route: route!, query: Object.fromEntries(new URLSearchParams(query)) };
}

it('门岗 (gate_guard): 查验骑手码 — picks the gate, scans the rider code from the camera, 已准入', async () => {
  const { route, query } = await fromWorkbench('gate_guard', '门岗', ['查验骑手码'], '查验骑手码');
  expect(route).toBe('/packages/access/staff/check/index');
  const riderCode = (
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/access/my-code',
      headers: { authorization: `Bearer ${await token('rider')}` },
    })
  ).json().code as string;
  w.answers.scanCode = () => ({ result: riderCode });
  const page = await w.openPage(route, query);
  expect(page.title()).toBe('查验骑手码');
  await page.tap('nx-check__gate-choice', '东门');
  await page.waitForText(/所在门岗：.*东门/);
  const before = w.calls.length;
  await page.tap('nx-check__scan');
  if (!w.privacy.agreed) await page.fire('nx-button--primary', 'agreeprivacyauthorization', {}, '同意并继续');
  await page.until(() => page.all('nx-check__title').length > 0, 'the check result');
  expect(w.calls[w.indexOf('scanCode', before)]!.arg).toMatchObject({ onlyFromCamera: true, scanType: ['qrCode'] });
  expect(page.all('nx-check__result--granted')).toHaveLength(1);
  expect(page.text()).toContain('已准入');
  const sent = w.requests.filter((r) => r.url === '/api/v1/access/rider-checks').at(-1)!;
  expect(sent.status).toBe(200);
  expect(JSON.parse(String(sent.body))).toMatchObject({ code: riderCode });
  page.close();
});

it('社区管理员 (community_admin): 骑手申请审核 — the queue and the approved passes, phones masked', async () => {
  const { route } = await fromWorkbench(
    'community_admin',
    '社区/物业管理员',
    ['骑手申请审核', '查验骑手码', '门岗与暖新码', '通行记录'],
    '骑手申请审核',
  );
  expect(route).toBe('/packages/access/staff/review/index');
  const page = await w.openPage(route);
  expect(page.title()).toBe('骑手申请审核');
  await page.waitForText('待审核');
  await page.tap('nx-tabs__tab', '已通过');
  await page.until(() => page.all('nx-review__name').length > 0, 'the approved passes');
  expect(page.text()).toMatch(/1[3-9]\d\*{4}\d{4}/);
  expect(page.text()).not.toMatch(/1[3-9]\d{9}/);
  page.close();
});

it('街道 (street_operator): 随手拍工单 — a new report opens from the queue; 受理, then 派单 to the crew’s team', async () => {
  // The rider files a report at 呼家楼 (the demo street), as the weapp rider test does through the page.
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#777' } })
    .jpeg()
    .toBuffer();
  const category = (
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/report-categories',
      headers: { authorization: `Bearer ${await token('rider')}` },
    })
  ).json().items[0].code as string;
  const body = multipart(
    { category, description: '路灯不亮', lat: 39.9219, lng: 116.4619, accuracy: 10, coordSystem: 'gcj02' },
    [{ field: 'photos', data: photo }],
  );
  const filed = await t.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: { ...body.headers, authorization: `Bearer ${await token('rider')}`, 'idempotency-key': 'weapp-staff-1' },
    payload: body.payload,
  });
  expect(filed.statusCode).toBe(201);
  reportId = filed.json().report.id as string;

  const { route } = await fromWorkbench(
    'street_operator',
    '街道运营',
    ['随手拍工单', '数据看板', '兑换奖励'],
    '随手拍工单',
  );
  expect(route).toBe('/packages/reports/staff/queue/index');
  const page = await w.openPage(route);
  expect(page.title()).toBe('工单队列');
  await page.until(() => page.all('nx-queue__item').length > 0, 'a report in the queue');
  const before = w.calls.length;
  await page.tap('nx-queue__item', '路灯不亮');
  const nav = w.calls.slice(before).find((c) => c.api === 'navigateTo');
  expect(nav?.arg?.url).toBe(`/packages/reports/staff/report/index?id=${reportId}`);
  page.close();
  const detail = await w.openPage('packages/reports/staff/report/index', { id: reportId });
  await detail.tap('nx-action--accept', '受理');
  await detail.until(() => detail.all('nx-action--dispatch').length > 0, 'the teams to dispatch to');
  expect(w.requests.filter((r) => r.url === `/api/v1/staff/reports/${reportId}/actions`).at(-1)!.status).toBe(200);
  const [crewTeam] = await t.db
    .select()
    .from(teams)
    .where(eq(teams.id, seedId('team:110105004')));
  await detail.tap('nx-action--dispatch', undefined, { cls: 'nx-dispatch__team', text: crewTeam!.name });
  await detail.until(() => detail.all('nx-action--on-site').length > 0, 'the dispatched report');
  const dispatched = w.requests.filter((r) => r.url === `/api/v1/staff/reports/${reportId}/actions`).at(-1)!;
  expect(JSON.parse(String(dispatched.body))).toEqual({ action: 'dispatch', teamId: crewTeam!.id });
  detail.close();
});

it('处置队员 (crew_member): 我的处置任务 — the dispatched report, 已到场, a photo from the camera, 已修复 by uploadFile', async () => {
  const { route } = await fromWorkbench('crew_member', '处置队员', ['我的处置任务'], '我的处置任务');
  expect(route).toBe('/packages/reports/staff/crew/index');
  const page = await w.openPage(route);
  expect(page.title()).toBe('我的处置任务');
  await page.until(() => page.all('nx-crew__item').length > 0, 'the dispatched report');
  const before = w.calls.length;
  await page.tap('nx-crew__item', '路灯不亮');
  expect(w.calls.slice(before).find((c) => c.api === 'navigateTo')?.arg?.url).toBe(
    `/packages/reports/staff/report/index?id=${reportId}`,
  );
  page.close();

  const fixed = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#4682b4' } })
    .jpeg()
    .toBuffer();
  w.privacy.agreed = true;
  w.answers.chooseMedia = () => [{ path: 'wxfile://tmp/fixed.jpg', data: fixed }];
  const detail = await w.openPage('packages/reports/staff/report/index', { id: reportId });
  await detail.tap('nx-action--on-site', '已到场');
  await detail.until(() => detail.all('nx-action--fix').length > 0, 'the fix step');
  await detail.tap('nx-photos__add');
  await detail.until(() => detail.all('nx-photos__item').length === 1, 'the after photo');
  const at = w.calls.length;
  await detail.tap('nx-action--fix', '已修复');
  await detail.until(
    () => w.requests.some((r) => r.url === `/api/v1/staff/reports/${reportId}/fix` && r.status !== undefined),
    'the fix upload',
  );
  const upload = w.calls[w.indexOf('uploadFile', at)]!;
  expect(upload.arg).toMatchObject({ filePath: 'wxfile://tmp/fixed.jpg', name: 'photo' });
  const sent = w.requests.filter((r) => r.url === `/api/v1/staff/reports/${reportId}/fix`).at(-1)!;
  expect(sent.status).toBe(200);
  expect(Buffer.from(sent.body as Buffer).includes(fixed)).toBe(true);
  expect(JSON.parse(sent.response!)).toMatchObject({ state: 'fixed' });
  await detail.until(() => detail.all('nx-action--fix').length === 0, 'the fixed report');
  detail.close();
});

it('商户 (merchant): 扫码核销 — a short code typed and looked up', async () => {
  const { route } = await fromWorkbench('merchant', '友好商户', ['扫码核销', '对账单', '我的奖励'], '扫码核销');
  expect(route).toBe('/packages/points/staff/merchant/index');
  const page = await w.openPage(route);
  expect(page.title()).toBe('扫码核销');
  await page.waitForText('输入兑换码');
  await page.input('nx-merchant__input', 'ZZZZ9999');
  await page.tap('nx-merchant__check');
  await page.until(() => w.requests.some((r) => r.url === '/api/v1/points/merchant/vouchers/lookup'), 'the lookup');
  const sent = w.requests.find((r) => r.url === '/api/v1/points/merchant/vouchers/lookup')!;
  expect(JSON.parse(String(sent.body))).toEqual({ code: 'ZZZZ9999' });
  expect(sent.status).toBeGreaterThanOrEqual(400);
  // The API's Chinese refusal is what the page shows.
  const message = JSON.parse(sent.response!).message as string;
  await page.waitForText(message);
  page.close();
});

it('区级 (district_admin): 随手拍工单 for the whole district renders', async () => {
  const { route } = await fromWorkbench(
    'district_admin',
    '区管理员',
    ['街道管理', '随手拍类别', '操作记录'],
    '随手拍工单',
  );
  expect(route).toBe('/packages/reports/staff/queue/index');
  const page = await w.openPage(route);
  expect(page.title()).toBe('工单队列');
  await page.until(() => page.all('nx-queue__item').length > 0, 'a report in the queue');
  page.close();
});

it('区级 (district_admin): 工作人员邀请 — issues an invitation code for a mediator and copies it', async () => {
  await w.loginAs('district_admin');
  const page = await w.openPage('packages/me/staff/invitations/index');
  await page.waitForText('发放邀请码');
  await page.tap('nx-chip', '调解中心', { cls: 'nx-invite__roles', text: '调解中心' });
  await page.input('nx-invite__name-input', '赵调解员');
  await page.tap('nx-invite__issue');
  await page.until(() => page.all('nx-invite__issued').length > 0, 'the issued code');
  const issued = w.requests.filter((r) => r.method === 'POST' && r.url.startsWith('/api/v1/')).at(-1)!;
  expect(issued.status).toBeLessThan(300);
  expect(JSON.parse(String(issued.body))).toMatchObject({ role: 'mediator', displayName: '赵调解员' });
  const code = (JSON.parse(issued.response!) as { code: string }).code;
  // Shown in groups of five for reading aloud.
  expect(page.text().replace(/\s/g, '')).toContain(code);
  const at = w.calls.length;
  await page.tap('nx-invite__copy');
  expect(w.calls[w.indexOf('setClipboardData', at)]!.arg).toMatchObject({ data: code });
  page.close();
});

it('调解中心 (mediator): 调解中心案件 — the inbox of its district renders', async () => {
  const { route } = await fromWorkbench(
    'mediator',
    '调解中心工作人员',
    ['调解中心案件', '法律援助数据'],
    '调解中心案件',
  );
  expect(route).toBe('/packages/legal/staff/inbox/index');
  const page = await w.openPage(route);
  expect(page.title()).toBe('调解中心案件');
  await page.until(() => w.requests.some((r) => r.url.startsWith('/api/v1/staff/legal/cases')), 'the case list');
  const sent = w.requests.find((r) => r.url.startsWith('/api/v1/staff/legal/cases'))!;
  expect(sent.status).toBe(200);
  page.close();
});

it('公寓运营方 (apartment_operator): 床位申请 — its apartment’s figures render', async () => {
  const { route } = await fromWorkbench('apartment_operator', '公寓运营方', ['床位申请', '房间与床位'], '床位申请');
  expect(route).toBe('/packages/housing/staff/review/index');
  const page = await w.openPage(route);
  expect(page.title()).toBe('床位申请');
  await page.waitForText(/双井怡舍公寓：入住 \d+\/\d+/);
  page.close();
});
