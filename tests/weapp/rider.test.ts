import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { gateCodeUrl } from '../../server/src/access/index.js';
import { gates, stations } from '../../server/src/db/schema/index.js';
import { seedId } from '../../server/src/seed/demo.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { startFakeWeChat, type FakeWeChat } from '../support/fake-wechat.js';
import { startWeapp, type PageHandle, type Weapp } from './harness.js';

// The rider's jobs on the WeChat build (dist/weapp), each end to end against the real API with the
// demo data: sign in, scan in at a gate, find a station and navigate, file a 随手拍 report, redeem a
// voucher — and the merchant confirms it. WeChat's APIs are recorders (harness.ts): each test checks
// what the page asked WeChat to do, not only what it shows.
const GATE = 'C-HJL-01:east'; // the demo rider holds an approved pass for 金台里小区

let t: TestContext;
let w: Weapp;
let wechat: FakeWeChat;
const APP = { appId: 'wx-weapp-test', secret: 'weapp-test-secret' };

beforeAll(async () => {
  // code2Session goes to a stand-in for api.weixin.qq.com on 127.0.0.1 (support/fake-wechat.ts).
  wechat = await startFakeWeChat(APP);
  t = await buildTestApp(
    {
      DEMO_MODE: 'true',
      LOGIN_RATE_LIMIT: '1000',
      WECHAT_API_BASE: wechat.baseUrl,
      WECHAT_APP_ID: APP.appId,
      WECHAT_APP_SECRET: APP.secret,
    },
    { demo: true },
  );
  w = await startWeapp(t);
  // Through the login page's demo card (checked by the first test), so each test can run alone.
  await w.loginAs('rider');
});
afterAll(async () => {
  await t?.close();
  await wechat?.close();
});

/** WeChat's privacy prompt as the rider answers it: the popup's 同意并继续 (open-type button). */
async function agreePrivacy(page: PageHandle) {
  await page.until(() => page.all('nx-privacy').length > 0, 'the privacy popup');
  expect(page.text()).toContain('隐私保护提示');
  await page.fire('nx-button--primary', 'agreeprivacyauthorization', {}, '同意并继续');
}

const apiCalls = (method: string, prefix: string) =>
  w.requests.filter((r) => r.method === method && r.url.startsWith(prefix));

it('the login page signed the rider in with the demo card: session stored, reLaunch to home', async () => {
  expect(w.requests.find((r) => r.url === '/api/v1/auth/demo-login')?.status).toBe(200);
  expect(w.calls.find((c) => c.api === 'reLaunch')?.arg).toMatchObject({ url: '/pages/home/index' });
  // The session is stored where the app keeps it, tokens and user in one key.
  expect(w.storage.get('nx.session.v1')).toMatchObject({ user: { displayName: '王师傅' } });
  const home = await w.openPage('pages/home/index');
  await home.waitForText('扫码进小区');
  expect(home.text()).toContain('王师傅');
  home.close();
});

it('扫码进门: privacy first, then scanCode from the camera only, the scan posted, 已准入 shown', async () => {
  const [gate] = await t.db
    .select()
    .from(gates)
    .where(eq(gates.id, seedId(`gate:${GATE}`)));
  w.answers.scanCode = () => ({ result: gateCodeUrl(t.config.access, gate!.id, 1) });
  // The rider stands at the gate: WeChat gives GCJ-02, the system gates are stored in.
  w.answers.getLocation = () => ({ latitude: gate!.lat, longitude: gate!.lng, accuracy: 15 });
  const access = await w.openPage('packages/access/index');
  await access.waitForText('扫码进门');
  const before = w.calls.length;
  await access.tap('nx-access__scan');
  await agreePrivacy(access);
  await access.waitForText('已准入');

  const scan = w.indexOf('scanCode', before);
  expect(scan).toBeGreaterThan(w.indexOf('requirePrivacyAuthorize', before));
  expect(w.calls[scan]!.arg).toMatchObject({ onlyFromCamera: true, scanType: ['qrCode'] });
  const posted = apiCalls('POST', '/api/v1/access/scan').at(-1)!;
  expect(posted.status).toBe(200);
  expect(JSON.parse(String(posted.body))).toMatchObject({
    code: gateCodeUrl(t.config.access, gate!.id, 1),
    location: { lat: gate!.lat, lng: gate!.lng, coordSystem: 'gcj02' },
  });
  const location = w.of('getLocation').at(-1)!;
  expect(location.arg).toMatchObject({ type: 'gcj02' });
  access.close();
});

it('驿站: getLocation(gcj02) only after the privacy guide is agreed; 导航 opens the system map at the GCJ-02 point', async () => {
  // A rider who has not agreed yet (WeChat keeps the answer per user).
  w.privacy.agreed = false;
  const here = { latitude: 39.9219, longitude: 116.4619 };
  w.answers.getLocation = () => ({ ...here, accuracy: 25 });
  const before = w.calls.length;
  const list = await w.openPage('pages/stations/index');
  await agreePrivacy(list);
  await list.until(() => list.all('nx-station-row').length > 0, 'the station list');
  expect(list.text()).toContain('离你最近的驿站');

  const asked = w.indexOf('requirePrivacyAuthorize', before);
  const agreed = w.calls.findIndex((c, i) => i > before && c.api === '(privacy answer)' && c.arg?.event === 'agree');
  const located = w.indexOf('getLocation', before);
  expect(asked).toBeGreaterThanOrEqual(0);
  expect(agreed).toBeGreaterThan(asked);
  expect(located).toBeGreaterThan(agreed);
  expect(w.calls[located]!.arg).toMatchObject({ type: 'gcj02' });
  // The server got the position with its system, so it can normalise.
  const nearest = w.requests.find((r, i) => i >= 0 && r.url.startsWith('/api/v1/stations') && r.url.includes('lat='));
  expect(nearest?.url).toContain('coord=gcj02');

  const tapAt = w.calls.length;
  const first = list.all('nx-station-row__name')[0]!.textContent!;
  await list.tap('nx-station-row', first);
  const nav = w.calls.slice(tapAt).find((c) => c.api === 'navigateTo')!;
  expect(nav.arg?.url).toMatch(/^\/packages\/stations\/detail\/index\?id=/);
  const id = decodeURIComponent(/id=([^&]+)/.exec(String(nav.arg?.url))![1]!);
  list.close();

  const [station] = await t.db.select().from(stations).where(eq(stations.id, id));
  const detail = await w.openPage('packages/stations/detail/index', { id });
  await detail.waitForText(station!.name);
  const navAt = w.calls.length;
  await detail.tap('nx-nav__go', '导航');
  await detail.until(() => w.indexOf('openLocation', navAt) >= 0, 'openLocation');
  // Stations are stored in GCJ-02, what openLocation takes: the very same point, not converted.
  expect(w.of('openLocation').at(-1)!.arg).toMatchObject({
    latitude: station!.lat,
    longitude: station!.lng,
    name: station!.name,
  });
  detail.close();
});

it('随手拍: two photos from the camera, a category, the position; uploadFile per photo with the idempotency key', async () => {
  const shot = (background: string) =>
    sharp({ create: { width: 64, height: 48, channels: 3, background } })
      .jpeg()
      .toBuffer();
  const photo = await shot('#a0522d');
  const second = await shot('#2e8b57');
  w.privacy.agreed = true; // agreed before (the stations test asks)
  w.answers.chooseMedia = () => [
    { path: 'wxfile://tmp/pothole.jpg', data: photo },
    { path: 'wxfile://tmp/pothole-wide.jpg', data: second },
  ];
  w.answers.getLocation = () => ({ latitude: 39.9219, longitude: 116.4619, accuracy: 12 });
  const page = await w.openPage('pages/reports/index');
  await page.waitForText('1. 拍下问题');
  await page.until(() => page.all('nx-categories__item').length > 0, 'the categories');
  const tapAt = w.calls.length;
  await page.tap('nx-photos__add');
  await page.until(
    () => page.all('nx-photos__item').length === 2,
    `the photos ${JSON.stringify(w.calls.slice(tapAt).filter((c) => !/Storage|hasOwn/.test(c.api)))}`,
  );
  expect(w.of('chooseMedia').at(-1)!.arg).toMatchObject({ sourceType: ['camera'], mediaType: ['image'] });
  await page.tap('nx-categories__item');
  await page.input('nx-report-new__text', '井盖松动，电动车经过会颠');
  await page.until(() => !page.text().includes('正在定位'), 'the position');

  const before = w.calls.length;
  await page.tap('nx-report-new__submit');
  await page.waitForText('已提交');
  // A subscribe request comes in the submit tap, before the upload, when templates are built in.
  const subscribe = w.indexOf('requestSubscribeMessage', before);
  const upload = w.indexOf('uploadFile', before);
  expect(upload).toBeGreaterThan(0);
  if (w.builtTemplate('report_accepted')) {
    expect(subscribe).toBeGreaterThanOrEqual(0);
    expect(subscribe).toBeLessThan(upload);
  } else {
    expect(subscribe).toBe(-1);
  }
  // The photos are kept first (saveFile: the outbox survives a restart), then sent from there with
  // WeChat's uploadFile, one file each: the report with its first photo and the key, then the second.
  const saved = w.of('saveFile').filter((c) => w.calls.indexOf(c) >= before);
  expect(saved.map((c) => c.arg?.tempFilePath)).toEqual(['wxfile://tmp/pothole.jpg', 'wxfile://tmp/pothole-wide.jpg']);
  const uploads = w.of('uploadFile').filter((c) => w.calls.indexOf(c) >= before);
  expect(uploads.map((c) => [c.arg?.filePath, c.arg?.name])).toEqual([
    [expect.stringMatching(/pothole\.jpg$/), 'photos'],
    [expect.stringMatching(/pothole-wide\.jpg$/), 'photo'],
  ]);
  // Sent: the kept copies are freed.
  const freed = w.of('removeSavedFile').filter((c) => w.calls.indexOf(c) > w.calls.indexOf(uploads[1]!));
  expect(freed.map((c) => c.arg?.filePath).sort()).toEqual(uploads.map((c) => c.arg?.filePath).sort());
  expect(String(uploads[0]!.arg?.url)).toMatch(/\/api\/v1\/reports$/);
  expect((uploads[0]!.arg?.header as Record<string, string>)['Idempotency-Key']).toMatch(/\S{8,}/);
  expect(uploads[0]!.arg?.formData).toMatchObject({ category: expect.any(String), coordSystem: 'gcj02' });
  // No hand-built multipart through wx.request any more.
  expect(w.calls.slice(before).some((c) => c.api === 'request' && /\/reports($|\/)/.test(String(c.arg?.url)))).toBe(
    false,
  );
  const sent = w.requests.filter((r) => r.method === 'POST' && r.url === '/api/v1/reports').at(-1)!;
  expect(sent.status).toBe(201);
  expect(sent.headers['idempotency-key']).toMatch(/\S{8,}/);
  expect(sent.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  // The photo's bytes as the camera gave them, received by the server.
  expect(Buffer.from(sent.body as Buffer).includes(photo)).toBe(true);
  const { report: created } = JSON.parse(sent.response!) as { report: { id: string } };
  const more = w.requests.filter((r) => r.url === `/api/v1/reports/${created.id}/photos`);
  expect(more.map((r) => r.status)).toEqual([201]);
  expect(Buffer.from(more[0]!.body as Buffer).includes(second)).toBe(true);
  // Both photos are the report's now, in the order taken.
  const stored = await t.app.inject({
    method: 'GET',
    url: `/api/v1/reports/${created.id}`,
    headers: { authorization: `Bearer ${(w.storage.get('nx.session.v1') as { accessToken: string }).accessToken}` },
  });
  expect((stored.json() as { photos: unknown[] }).photos).toHaveLength(2);
  page.close();

  // The street accepts it (the API, as the street's page would): the rider's inbox has it unread,
  // and 我的 puts the unread count on its tab (setTabBarBadge on the 4th tab, index 3).
  const { report } = JSON.parse(sent.response!) as { report: { id: string } };
  const street = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/demo-login',
    payload: { account: 'street_operator' },
  });
  const accepted = await t.app.inject({
    method: 'POST',
    url: `/api/v1/staff/reports/${report.id}/actions`,
    headers: { authorization: `Bearer ${street.json().accessToken as string}` },
    payload: { action: 'accept' },
  });
  expect({ status: accepted.statusCode, body: accepted.body }).toMatchObject({ status: 200 });
  const badgeAt = w.calls.length;
  const me = await w.openPage('pages/me/index');
  await me.until(() => w.indexOf('setTabBarBadge', badgeAt) >= 0, 'the tab badge');
  const attention = w.requests.filter((r) => r.url === '/api/v1/me/attention').at(-1)!;
  const unread = (JSON.parse(attention.response!) as { unread: number }).unread;
  expect(unread).toBeGreaterThanOrEqual(1);
  expect(w.calls[w.indexOf('setTabBarBadge', badgeAt)]!.arg).toMatchObject({ index: 3, text: String(unread) });
  me.close();
});

it('随手拍 offline: the second photo’s upload fails, the report waits in the outbox; 重试 sends it all again, one report, both photos', async () => {
  const shot = (background: string) =>
    sharp({ create: { width: 48, height: 48, channels: 3, background } })
      .jpeg()
      .toBuffer();
  const photos = [await shot('#daa520'), await shot('#708090')];
  w.answers.chooseMedia = () => [
    { path: 'wxfile://tmp/crack-1.jpg', data: photos[0]! },
    { path: 'wxfile://tmp/crack-2.jpg', data: photos[1]! },
  ];
  // The network drops after the first upload: the report exists with its first photo only.
  let dropped = 0;
  w.answers.offline = (api, path) => api === 'uploadFile' && /\/photos$/.test(path) && dropped++ === 0;
  const page = await w.openPage('pages/reports/index');
  await page.until(() => page.all('nx-categories__item').length > 0, 'the categories');
  await page.tap('nx-photos__add');
  await page.until(() => page.all('nx-photos__item').length === 2, 'the photos');
  await page.tap('nx-categories__item');
  await page.until(() => !page.text().includes('正在定位'), 'the position');
  const before = w.requests.length;
  await page.tap('nx-report-new__submit');
  await page.waitForText('已保存，待发送');
  const first = w.requests.slice(before).find((r) => r.url === '/api/v1/reports')!;
  expect(first.status).toBe(201);
  const key = first.headers['idempotency-key'];
  const { report } = JSON.parse(first.response!) as { report: { id: string } };

  // 重试 (or the network coming back): everything again, with the same key.
  const retryAt = w.requests.length;
  await page.tap('nx-outbox__retry', '重试');
  await page.waitForText('已提交');
  const again = w.requests.slice(retryAt);
  expect(again.map((r) => [r.url, r.status])).toEqual([
    ['/api/v1/reports', 200], // replayed: the same report
    [`/api/v1/reports/${report.id}/photos`, 201],
  ]);
  expect(again[0]!.headers['idempotency-key']).toBe(key);
  expect(JSON.parse(again[0]!.response!)).toMatchObject({ replayed: true, report: { id: report.id } });
  expect(Buffer.from(again[1]!.body as Buffer).includes(photos[1]!)).toBe(true);
  w.answers.offline = undefined;
  page.close();
});

it('积分: the rider redeems a reward of the demo shop; the merchant scans the voucher and confirms it', async () => {
  const points = await w.openPage('packages/points/index');
  await points.waitForText('可用积分');
  await points.tap('nx-points__tab--rewards');
  await points.until(() => points.all('nx-reward__redeem').length > 0, 'a reward to redeem');
  // A reward of the demo merchant's own shop that the rider can redeem now.
  const merchant = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/demo-login',
    payload: { account: 'merchant' },
  });
  const me = await t.app.inject({
    method: 'GET',
    url: '/api/v1/me',
    headers: { authorization: `Bearer ${merchant.json().accessToken as string}` },
  });
  const shop = me.json().scope.merchant.id as string;
  const listed = JSON.parse(w.requests.filter((r) => r.url.startsWith('/api/v1/points/rewards')).at(-1)!.response!);
  const reward = (listed.items as { title: string; merchant: { id: string }; blockedBy: string | null }[]).find(
    (r) => r.merchant.id === shop && r.blockedBy === null,
  )!;
  expect(reward).toBeDefined();
  const before = w.calls.length;
  await points.tap('nx-reward__redeem', undefined, { cls: 'nx-reward', text: reward.title });
  await points.until(() => points.all('nx-voucher__code').length > 0, 'the voucher');
  expect(w.indexOf('showModal', before)).toBeGreaterThanOrEqual(0);
  const redeemed = w.requests.filter((r) => r.url === '/api/v1/points/redeem').at(-1)!;
  expect(redeemed.status).toBe(201);
  expect(JSON.parse(String(redeemed.body)).idempotencyKey).toMatch(/\S{8,}/);
  const voucher = JSON.parse(redeemed.response!) as { qrPayload: string; shortCode: string };
  expect(points.text()).toContain(voucher.shortCode);
  points.close();

  await w.loginAs('merchant');
  w.privacy.agreed = true;
  w.answers.scanCode = () => ({ result: voucher.qrPayload });
  const counter = await w.openPage('packages/points/staff/merchant/index');
  await counter.waitForText('扫码核销');
  const scanAt = w.calls.length;
  await counter.tap('nx-merchant__scan');
  await counter.until(() => counter.all('nx-merchant__confirm').length > 0, 'the voucher to confirm');
  expect(w.calls[w.indexOf('scanCode', scanAt)]!.arg).toMatchObject({ onlyFromCamera: true });
  await counter.tap('nx-merchant__confirm');
  await counter.waitForText('✓ 核销成功');
  counter.close();
});

it('微信一键登录: wx.login gives a code, the API trades it with WeChat, a new rider is signed in', async () => {
  // Whoever is signed in logs out first (我的 → 退出登录), as loginAs does.
  await w.loginAs('rider');
  const me = await w.openPage('pages/me/index');
  const out = w.calls.length;
  await me.tap('nx-me__logout');
  await me.until(() => w.indexOf('reLaunch', out) >= 0 && !w.storage.has('nx.session.v1'), 'the logout');
  me.close();

  wechat.codes.set('weapp-code-1', { openid: 'openid-weapp-rider', session_key: 'weapp-session-key' });
  w.answers.login = () => 'weapp-code-1';
  const login = await w.openPage('pages/login/index');
  const before = w.calls.length;
  await login.tap('nx-login__wechat');
  await login.until(() => w.indexOf('reLaunch', before) >= 0, 'home after the WeChat login');
  expect(w.indexOf('login', before)).toBeGreaterThanOrEqual(0);
  const sent = w.requests.filter((r) => r.url === '/api/v1/auth/wx-login').at(-1)!;
  expect(JSON.parse(String(sent.body))).toEqual({ code: 'weapp-code-1' });
  expect(sent.status).toBe(200);
  // The API asked WeChat with that very code, and the session_key never reached the app.
  expect(wechat.requests.some((u) => u.searchParams.get('js_code') === 'weapp-code-1')).toBe(true);
  expect(sent.response).not.toContain('weapp-session-key');
  expect(w.storage.get('nx.session.v1')).toMatchObject({ user: { role: 'rider' } });
  login.close();
});

it('社区, 法律援助, 暖新公寓: the home tiles open each service’s page, which renders from the API', async () => {
  const home = await w.openPage('pages/home/index');
  const opened: Record<string, string> = {};
  for (const [tile, label] of [
    ['nx-tile--community', '社区'],
    ['nx-tile--legal', '法律援助'],
    ['nx-tile--housing', '暖新公寓'],
  ] as const) {
    const before = w.calls.length;
    await home.tap(tile, label);
    const nav = w.calls.slice(before).find((c) => c.api === 'navigateTo');
    expect(nav).toBeDefined();
    opened[label] = String(nav!.arg?.url).replace(/^\//, '');
  }
  home.close();

  const hub = await w.openPage(opened['社区']!);
  for (const section of ['活动 · 课程', '随手帮', '骑思妙想']) await hub.waitForText(section);
  hub.close();

  const legal = await w.openPage(opened['法律援助']!);
  await legal.waitForText('一站式调解中心');
  await legal.until(() => apiCalls('GET', '/api/v1/legal/cases/mine').some((r) => r.status === 200), 'my cases');
  legal.close();

  const housing = await w.openPage(opened['暖新公寓']!);
  if (housing.all('nx-privacy').length > 0) await agreePrivacy(housing);
  await housing.waitForText('双井怡舍公寓');
  const search = apiCalls('GET', '/api/v1/housing/beds').at(-1)!;
  expect(search.status).toBe(200);
  housing.close();
});
