import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import {
  agreements,
  communities,
  gates,
  merchants,
  passes,
  pointAccounts,
  reports,
  rewards,
  streets,
  teams,
  users,
  vouchers,
} from '../../server/src/db/schema/index.js';
import { bootstrapDistrict, createGeoContext } from '../../server/src/geo/index.js';
import { REPO_ROOT } from '../../server/src/platform/config.js';
import { startFakeWeChat, type FakeWeChat } from '../support/fake-wechat.js';
import { gcj02ToWgs84 } from '@nuanxin/shared/geo/gcj02';
import { validIdNumber } from '../fixtures/access.js';
import {
  fillInput,
  redeemInvitation,
  signInWithWeChat,
  startE2E,
  testPhoto,
  type E2E,
  E2E_START_TIMEOUT,
} from './browser.js';

const APP = {
  appId: 'wx-golive-app',
  secret: 'golive-secret',
  webAppId: 'wx-golive-oa',
  webSecret: 'golive-oa-secret',
};

// The new street's boundary (GCJ-02): a box around 呼家楼 in 朝阳区.
const STREET = { code: '110105088', name: '暖新街道' };
const BOX = { west: 116.44, east: 116.48, south: 39.91, north: 39.94 };
// Inside the box (GCJ-02), typed on the community and shop forms.
const COMMUNITY_AT = { lat: '39.925000', lng: '116.470000' };
const SHOP_AT = { lat: '39.926000', lng: '116.468000' };
// The browser's WGS-84 fix; the server converts it to GCJ-02 (about +0.0013, +0.006), inside the box.
const RIDER_WGS84 = { latitude: 39.922, longitude: 116.455 };

const COMMUNITY = '暖新家园';
const SHOP = '暖新理发店';
const REWARD = '暖新理发';
const TEAM = '暖新抢修队';

/**
 * Go live (issue #17), the whole path in Chromium on the H5 build: an empty database with demo
 * mode off, every person signing in with WeChat (网页授权 against the fake WeChat on 127.0.0.1).
 * Each step depends on the ones before it.
 */
describe('H5 app in Chromium: a district goes live from an empty database', () => {
  let e: E2E;
  let fake: FakeWeChat;
  let dir: string;
  let hazardPhoto: string;
  let fixedPhoto: string;
  const codes: Record<string, string> = {};
  let gateUrl = '';
  let voucherCode = '';
  let step = 0;

  beforeAll(async () => {
    fake = await startFakeWeChat(APP);
    e = await startE2E({
      demo: false,
      geolocation: RIDER_WGS84,
      env: {
        DEMO_MODE: 'false',
        WECHAT_API_BASE: fake.baseUrl,
        WECHAT_APP_ID: APP.appId,
        WECHAT_APP_SECRET: APP.secret,
        WECHAT_OA_APP_ID: APP.webAppId,
        WECHAT_OA_APP_SECRET: APP.webSecret,
        WECHAT_OAUTH_AUTHORIZE_URL: `${fake.baseUrl}/connect/oauth2/authorize`,
      },
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-e2e-golive-'));
    hazardPhoto = await testPhoto('hazard', '#1d4ed8');
    fixedPhoto = await testPhoto('fixed', '#15803d');
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
    await fake?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const shot = (name: string) => e.shot(`go-live-${String(++step).padStart(2, '0')}-${name}`);
  const signIn = (openid: string) => signInWithWeChat(e, fake, openid);
  const chip = (block: string, text: string) => e.page.locator(`.${block} .nx-chip`, { hasText: text }).first();
  async function openSection(title: string) {
    await e.page.goto(e.base + '/#/packages/me/workbench/index');
    await e.page.locator('.nx-staff__section--open', { hasText: title }).first().click();
  }
  const userOf = async (oaOpenid: string) =>
    (await e.t.db.select().from(users).where(eq(users.oaOpenid, oaOpenid)))[0]!;

  /** On 工作人员邀请 (open): issues one code and answers it, back on the form. */
  async function invite(role: string, scopeBlock: string, scope: string, name: string): Promise<string> {
    const { page } = e;
    await page.locator('.nx-invite__form').first().waitFor();
    await chip('nx-invite__roles', role).click();
    await chip(scopeBlock, scope).click();
    await fillInput(e, 'nx-invite__name-input', name);
    await page.locator('.nx-invite__issue').first().click();
    const shown = page.locator('.nx-invite__code').first();
    await shown.waitFor();
    const code = ((await shown.textContent()) ?? '').replace(/\s/g, '');
    expect(code).toMatch(/^[A-Z2-9]{10}$/);
    return code;
  }
  const backToForm = () => e.page.locator('.nx-button', { hasText: '完成' }).first().click();

  it('bootstrap: the district, its first admin’s code and the default categories', async () => {
    const outlines = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'scripts/stations/data/beijing-districts.geojson'), 'utf8'),
    );
    const result = await bootstrapDistrict(createGeoContext(e.t.db, e.t.config), {
      adcode: '110105',
      name: '朝阳区',
      boundary: outlines,
    });
    expect(result.boundaryPoints).toBeGreaterThan(10);
    expect(result.categories).toBe(8);
    codes.district = result.invitation.code;
    // The login page offers WeChat only: no demo accounts.
    await e.page.goto(e.base + '/#/pages/login/index');
    await e.page.locator('.nx-login__wechat').first().waitFor();
    expect(await e.page.locator('.nx-demo-account').count()).toBe(0);
    await shot('login');
  });

  it('the first district admin signs in with WeChat and redeems the code on 我的', async () => {
    await signIn('oa-district-admin');
    await redeemInvitation(e, codes.district!);
    expect(await e.page.locator('.nx-staff__who').first().textContent()).toContain('区管理员');
    await shot('district-admin-workbench');
    expect((await userOf('oa-district-admin')).role).toBe('district_admin');
  });

  it('creates a street and uploads its boundary', async () => {
    const { page } = e;
    await openSection('街道管理');
    await page.getByText('还没有街道，请先新建。').first().waitFor();
    await page.locator('.nx-org-streets__add').first().click();
    await fillInput(e, 'nx-org-street-form__code', STREET.code);
    await fillInput(e, 'nx-org-street-form__name', STREET.name);
    await page.locator('.nx-org-street-form__submit').first().click();
    await page.getByText(`已新建「${STREET.name}」，请上传它的边界`).first().waitFor();

    await openSection('街道边界与分派');
    const file = path.join(dir, 'streets.geojson');
    const { west, east, south, north } = BOX;
    fs.writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: STREET.code, name: STREET.name },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [west, south],
                  [east, south],
                  [east, north],
                  [west, north],
                  [west, south],
                ],
              ],
            },
          },
        ],
      }),
    );
    await page.locator('input.nx-boundaries__input').first().setInputFiles(file);
    await page.getByText(`${STREET.name}（${STREET.code}）· 4 个点`).first().waitFor();
    await page.locator('.nx-boundaries__apply').first().click();
    await page.locator('.nx-boundaries__done').first().waitFor();
    await page.locator('.nx-street', { hasText: '已有边界' }).first().waitFor();
    await shot('street-boundary');
    const [row] = await e.t.db.select().from(streets).where(eq(streets.code, STREET.code));
    expect(row!.boundary).toHaveLength(4);
  });

  it('creates a response team for the street', async () => {
    const { page } = e;
    await page.locator('.nx-street', { hasText: STREET.name }).first().click();
    await page.locator('.nx-routing__team-name').first().waitFor();
    await fillInput(e, 'nx-routing__team-name', TEAM);
    await page.locator('.nx-routing__add-team').first().click();
    await page
      .locator('.nx-routing__done', { hasText: `已新增队伍「${TEAM}」` })
      .first()
      .waitFor();
    await shot('team');
    expect(await e.t.db.select().from(teams).where(eq(teams.name, TEAM))).toHaveLength(1);
  });

  it('a community inside the boundary, with an agreement reviewed by hand', async () => {
    const { page } = e;
    await openSection('社区管理');
    await page.locator('.nx-org-communities__add').first().click();
    await page.locator('.nx-org-community-form__name').first().waitFor();
    await fillInput(e, 'nx-org-community-form__name', COMMUNITY);
    await fillInput(e, 'nx-org-community-form__address', '朝阳区暖新路1号');
    await fillInput(e, 'nx-org-community-form__property', '暖新物业服务有限公司');
    await fillInput(e, 'nx-org-position__lat', COMMUNITY_AT.lat);
    await fillInput(e, 'nx-org-position__lng', COMMUNITY_AT.lng);
    await page.locator('.nx-org-position__apply').first().click();
    await page.locator('.nx-org-community-form__submit').first().click();
    await page.getByText(`已保存「${COMMUNITY}」，所属街道：${STREET.name}`).first().waitFor();

    await page.locator('.nx-org-community-form__agreements').first().click();
    await page.getByText('还没有共建协议。').first().waitFor();
    await page.locator('.nx-org-agreements__add').first().click();
    await page.locator('.nx-org-agreement-form__platform', { hasText: '美团' }).first().click();
    await fillInput(e, 'nx-org-agreement-form__station', '美团暖新站');
    await fillInput(e, 'nx-org-agreement-form__from', '2026-01-01');
    await fillInput(e, 'nx-org-agreement-form__to', '2027-12-31');
    await page.locator('.nx-org-agreement-form__approval--manual').first().click();
    await fillInput(e, 'nx-org-agreement-form__signatory-0', '赵主任');
    await fillInput(e, 'nx-org-agreement-form__signatory-1', '孙经理');
    await fillInput(e, 'nx-org-agreement-form__org-2', '美团（北京）');
    await fillInput(e, 'nx-org-agreement-form__signatory-2', '周站长');
    await page.locator('.nx-org-agreement-form__submit').first().click();
    await page.getByText('已签订美团的共建协议').first().waitFor();
    await shot('community-agreement');
    const [community] = await e.t.db.select().from(communities).where(eq(communities.name, COMMUNITY));
    const [street] = await e.t.db.select().from(streets).where(eq(streets.code, STREET.code));
    expect(community!.streetId).toBe(street!.id);
    const [agreement] = await e.t.db.select().from(agreements).where(eq(agreements.communityId, community!.id));
    expect(agreement).toEqual(expect.objectContaining({ platform: 'meituan', approval: 'manual' }));
  });

  it('a shop and a reward for it', async () => {
    const { page } = e;
    await openSection('友好商户');
    await page.locator('.nx-org-shops__add').first().click();
    await fillInput(e, 'nx-org-shop-form__name', SHOP);
    await page.locator('.nx-org-shop-form__kind--barber').first().click();
    await fillInput(e, 'nx-org-shop-form__address', '朝阳区暖新路3号');
    await page.locator('.nx-org-shops .nx-org-position__lat input').first().fill(SHOP_AT.lat);
    await page.locator('.nx-org-shops .nx-org-position__lng input').first().fill(SHOP_AT.lng);
    await page.locator('.nx-org-shops .nx-org-position__apply').first().click();
    await page.locator('.nx-org-shop-form__submit').first().click();
    await page.getByText(`已新建「${SHOP}」`, { exact: false }).first().waitFor();
    expect(await page.locator('.nx-org-shop', { hasText: SHOP }).first().textContent()).toContain(
      `理发 · ${STREET.name}`,
    );

    await openSection('奖励与积分规则');
    await page.getByText('新增奖励', { exact: true }).first().click();
    const form = page.locator('.nx-reward-form').first();
    await form.locator('.nx-chip--selected', { hasText: SHOP }).waitFor();
    await form.locator('.nx-form__input input').first().fill(REWARD);
    await fillInput(e, 'nx-reward-form__price', '2');
    await fillInput(e, 'nx-reward-form__stock', '10');
    await form.getByText('保存', { exact: true }).click();
    await page.locator('.nx-managed-reward', { hasText: REWARD }).first().waitFor();
    await shot('shop-reward');
    const [reward] = await e.t.db.select().from(rewards).where(eq(rewards.title, REWARD));
    expect(reward).toEqual(expect.objectContaining({ pricePoints: 2, active: true }));
  });

  it('invites a community admin, a street operator, a crew member and a merchant; each code is shown once', async () => {
    const { page } = e;
    await openSection('工作人员邀请');
    codes.community = await invite('社区/物业管理员', 'nx-invite__scope', COMMUNITY, '暖新家园 物业刘主任');
    await backToForm();
    codes.street = await invite('街道运营', 'nx-invite__scope', STREET.name, '暖新街道 陈运营');
    await backToForm();
    codes.crew = await invite('处置队员', 'nx-invite__scope', TEAM, '抢修队 黄队员');
    await backToForm();
    codes.merchant = await invite('友好商户', 'nx-invite__scope', SHOP, '理发店 林老板');
    await shot('invitations');
    await backToForm();
    expect(await page.locator('.nx-invite__item', { hasText: '待使用' }).count()).toBeGreaterThanOrEqual(4);
  });

  it('each signs in with WeChat as a new person and redeems its code', async () => {
    const { page } = e;
    const people = [
      ['oa-community-admin', 'community', '社区/物业管理员', COMMUNITY],
      ['oa-street-operator', 'street', '街道运营', STREET.name],
      ['oa-crew-member', 'crew', '处置队员', TEAM],
      ['oa-merchant', 'merchant', '友好商户', SHOP],
    ] as const;
    for (const [openid, key, label, scope] of people) {
      await signIn(openid);
      expect((await userOf(openid)).role).toBe('rider');
      await redeemInvitation(e, codes[key]!);
      const who = page.locator('.nx-staff__who').first();
      await who.getByText(label).first().waitFor();
      expect(await who.textContent()).toContain(scope);
      await shot(`workbench-${key}`);
    }
    expect((await userOf('oa-crew-member')).role).toBe('crew_member');
    expect((await userOf('oa-merchant')).role).toBe('merchant');
  });

  it('the community admin registers a gate and invites a guard, who signs in and redeems', async () => {
    const { page } = e;
    await signIn('oa-community-admin');
    await openSection('门岗与暖新码');
    await page.getByText('登记新门岗').first().waitFor();
    await page.locator('.nx-gates .nx-form__input input').first().fill('东门');
    await page.locator('.nx-gates .nx-button', { hasText: '登记' }).first().click();
    const gate = page.locator('.nx-gate', { hasText: '东门' }).first();
    await gate.waitFor();
    gateUrl = ((await gate.locator('.nx-gate__url').textContent()) ?? '').trim();
    expect(gateUrl).toMatch(/^https?:\/\//);
    await shot('gate');

    // The building guide the rider will see after a granted scan.
    await openSection('楼栋指引');
    await page.locator('.nx-guide-edit__add-building').first().click();
    const building = page.locator('.nx-guide-edit__building').first();
    await building.locator('.nx-guide-edit__number input').fill('1号楼');
    await building.locator('.nx-guide-edit__label input').fill('1单元');
    // About 30 m north-east of the community's point.
    await building.locator('.nx-position__lat input').fill('39.9252');
    await building.locator('.nx-position__lng input').fill('116.4702');
    await building.locator('.nx-position__apply').click();
    await building.locator('.nx-position__value', { hasText: '距小区约' }).waitFor();
    await page.locator('.nx-guide-edit__save').first().click();
    await page.getByText('已保存').first().waitFor();
    await shot('guide-editor');

    await openSection('邀请同事/门岗');
    await page.locator('.nx-invite__form').first().waitFor();
    await chip('nx-invite__roles', '门岗').click();
    await chip('nx-invite__communities', COMMUNITY).click();
    codes.guard = await invite('门岗', 'nx-invite__gates', '东门', '东门 何师傅');

    await signIn('oa-guard');
    await redeemInvitation(e, codes.guard);
    await page.locator('.nx-staff__who', { hasText: '门岗' }).first().waitFor();
    expect(await page.locator('.nx-staff__who').first().textContent()).toContain(`${COMMUNITY} · 东门`);
    await shot('guard-workbench');
    expect((await userOf('oa-guard')).role).toBe('gate_guard');
  });

  it('a new rider signs in, registers and applies for the community', async () => {
    const { page } = e;
    await signIn('oa-rider');
    await page.locator('.nx-tile--access').first().click();
    await page.getByText('登记一次，以后扫码进门').waitFor();
    await fillInput(e, 'nx-form__input--realName', '马骑手');
    await fillInput(e, 'nx-form__input--phone', '13912345678');
    await fillInput(e, 'nx-form__input--idNumber', validIdNumber());
    await page.locator('.nx-chip--platform-meituan').first().click();
    await fillInput(e, 'nx-form__input--station', '美团暖新站');
    await page.locator('.nx-register__submit').first().click();
    await page.getByText('申请通行证', { exact: true }).first().waitFor();
    await page.locator('.nx-apply__item', { hasText: COMMUNITY }).first().click();
    await page.locator('.nx-apply__submit').first().click();
    await page.locator('.nx-pass--pending', { hasText: COMMUNITY }).first().waitFor();
    await shot('rider-applied');
  });

  it('the community admin approves it', async () => {
    const { page } = e;
    await signIn('oa-community-admin');
    await openSection('骑手申请审核');
    const item = page.locator('.nx-review__item', { hasText: '马骑手' }).first();
    await item.waitFor();
    expect(await item.textContent()).toContain('139****5678');
    await shot('review');
    await item.locator('.nx-review__approve').first().click();
    await page.getByText('没有待审核的申请').first().waitFor();
    const rider = await userOf('oa-rider');
    const [pass] = await e.t.db.select().from(passes).where(eq(passes.riderId, rider.id));
    expect(pass!.status).toBe('approved');
  });

  it('the rider types the gate code and sees 已准入 with the building guide', async () => {
    const { page } = e;
    await signIn('oa-rider');
    await page.locator('.nx-tile--access').first().click();
    await page.locator('.nx-pass--approved', { hasText: COMMUNITY }).first().waitFor();
    // At the gate (registered at the community's point): the location check is on by default.
    const atGate = gcj02ToWgs84({ lat: Number(COMMUNITY_AT.lat), lng: Number(COMMUNITY_AT.lng) });
    await e.context.setGeolocation({ latitude: atGate.lat, longitude: atGate.lng });
    await fillInput(e, 'nx-access__manual-input', gateUrl);
    await page.locator('.nx-access__manual-submit').first().click();
    await page.locator('.nx-result--granted').first().waitFor();
    await page.getByText(`${COMMUNITY} · 东门`).first().waitFor();
    await e.context.setGeolocation(RIDER_WGS84);
    await shot('granted');
    await page.locator('.nx-result__guide').first().click();
    await page.getByText(`${COMMUNITY} 楼栋指引`).first().waitFor();
    const building = page.locator('.nx-guide__building', { hasText: '1号楼' }).first();
    await building.locator('.nx-guide__entrance-label', { hasText: '1单元' }).waitFor();
    await shot('guide');
    const [gate] = await e.t.db.select().from(gates).where(eq(gates.name, '东门'));
    expect(gate).toBeDefined();
  });

  it('the rider files a 随手拍 report that reaches the street', async () => {
    const { page } = e;
    await page.goto(e.base + '/#/pages/home/index');
    await page.locator('.nx-tile--reports').first().click();
    await page.getByText('已定位', { exact: false }).first().waitFor();
    await page.locator('input.nx-photos__input').first().setInputFiles(hazardPhoto);
    await page.locator('.nx-photos__item').first().waitFor();
    await page.locator('.nx-categories__item--pothole').first().click();
    await page.locator('textarea').first().fill('暖新路口有个大坑，电动车容易摔');
    await page.locator('.nx-report-new__submit').first().click();
    await page.locator('.nx-report-new__done').first().waitFor();
    await page.getByText(`已派往${STREET.name}`, { exact: false }).first().waitFor();
    await shot('report-filed');
    const [street] = await e.t.db.select().from(streets).where(eq(streets.code, STREET.code));
    const [report] = await e.t.db.select().from(reports).where(eq(reports.streetId, street!.id));
    expect(report!.state).toBe('submitted');
  });

  it('the street operator accepts it and dispatches it to the crew, naming its member', async () => {
    const { page } = e;
    await signIn('oa-street-operator');
    await openSection('随手拍工单');
    await page.locator('.nx-queue__item', { hasText: '道路坑洼' }).first().click();
    await page.locator('.nx-action--accept').first().click();
    await page.locator('.nx-action--choose-member').first().click();
    const member = page.locator('.nx-action--dispatch-member', { hasText: '黄队员' }).first();
    await member.waitFor();
    await member.click();
    await page.locator('.nx-staff-report__team', { hasText: '黄队员' }).first().waitFor();
    await shot('dispatched');
    const [report] = await e.t.db.select().from(reports);
    const crew = await userOf('oa-crew-member');
    expect(report).toEqual(expect.objectContaining({ state: 'dispatched', assigneeId: crew.id }));
  });

  it('the crew member marks on site and fixed with a photo', async () => {
    const { page } = e;
    await signIn('oa-crew-member');
    await openSection('我的处置任务');
    const item = page.locator('.nx-crew__item', { hasText: '道路坑洼' }).first();
    await item.waitFor();
    await item.click();
    await page.locator('.nx-action--on-site').first().click();
    await page.locator('input.nx-photos__input').first().setInputFiles(fixedPhoto);
    await page.locator('.nx-photos__item').first().waitFor();
    await page.locator('.nx-action--fix').first().click();
    await page.locator('.nx-timeline__item--fixed').first().waitFor();
    await shot('fixed');
    const [report] = await e.t.db.select().from(reports);
    expect(report!.state).toBe('fixed');
  });

  it('the rider is told in the inbox and credited points', async () => {
    const { page } = e;
    await signIn('oa-rider');
    await page.goto(e.base + '/#/packages/me/notifications/index');
    await page.locator('.nx-inbox__item', { hasText: '你的随手拍已受理' }).first().waitFor();
    await page.locator('.nx-inbox__item', { hasText: '路面已完成修复' }).first().waitFor();
    await shot('inbox');
    await page.goto(e.base + '/#/packages/points/index');
    await page.locator('.nx-points__balance-value', { hasText: '2' }).waitFor();
    await page.getByText('随手拍上报被受理').first().waitFor();
    await shot('points');
    const rider = await userOf('oa-rider');
    const [account] = await e.t.db.select().from(pointAccounts).where(eq(pointAccounts.userId, rider.id));
    expect(account!.creditsPosted - account!.debitsPosted - account!.debitsPending).toBe(2);
  });

  it('the rider redeems the reward', async () => {
    const { page } = e;
    await page.locator('.nx-points__tab--rewards').click();
    const reward = page.locator('.nx-reward', { hasText: REWARD });
    await reward.getByText('2 分').waitFor();
    await reward.locator('.nx-reward__redeem').click();
    await page.getByText('兑换', { exact: true }).last().click();
    const voucher = page.locator('.nx-voucher--issued', { hasText: REWARD }).first();
    await voucher.waitFor();
    voucherCode = (await voucher.locator('.nx-voucher__code').innerText()).trim();
    expect(voucherCode).toMatch(/^[A-Z2-9]{4} [A-Z2-9]{4}$/);
    await shot('voucher');
  });

  it('the merchant confirms it', async () => {
    const { page } = e;
    await signIn('oa-merchant');
    await openSection('扫码核销');
    await fillInput(e, 'nx-merchant__input', voucherCode);
    await page.locator('.nx-merchant__check').click();
    await page.locator('.nx-merchant__voucher--valid').getByText(REWARD).first().waitFor();
    await page.locator('.nx-merchant__confirm').click();
    await page.locator('.nx-merchant__done').getByText('核销成功').waitFor();
    await shot('confirmed');
    const rider = await userOf('oa-rider');
    const [merchant] = await e.t.db.select().from(merchants).where(eq(merchants.name, SHOP));
    const [voucher] = await e.t.db
      .select()
      .from(vouchers)
      .where(and(eq(vouchers.riderId, rider.id), eq(vouchers.merchantId, merchant!.id)));
    expect(voucher!.status).toBe('used');
  });

  it('the month’s statement shows it', async () => {
    const { page } = e;
    await openSection('对账单');
    await page
      .locator('.nx-statement__day', { hasText: `${REWARD} × 1` })
      .first()
      .waitFor();
    await page.locator('.nx-statement__count .nx-merchant__tally-value', { hasText: '1' }).waitFor();
    await shot('statement');
  });
});
