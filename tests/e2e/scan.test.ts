import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/src/db/client.js';
import { seedId } from '../../server/src/seed/demo.js';
import { bearer, demoLogin } from '../fixtures/factories.js';
import { demoGateWgs84 } from '../fixtures/access.js';
import { ARTIFACTS, fillInput, signInFresh, startE2E, type E2E, loginAs, E2E_START_TIMEOUT } from './browser.js';

// Issue #18 in the H5 build, at a phone's size (390×844):
// - defects 2 and 3: the merchant pastes a voucher's whole QR payload (NX1.…, what a scanner gun
//   types), confirms, and sees one big green success; the same payload again shows 已核销过;
// - defect 5: the rider types the 门岗号 printed under the poster's QR and gets in;
// - the camera: a second Chromium whose fake camera films the real poster (a .y4m written here
//   from the poster PNG the API renders) reads the QR with QrCamera (getUserMedia + jsQR) and the
//   rider gets in, after the sheet has said what the camera is for.
// The browsers stand at the demo gate: the location check is on by default.
const GATE = 'C-HJL-01:east'; // the demo rider holds an approved pass for 金台里小区
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A YUV4MPEG2 file of `frames` identical grey frames (4:2:0, chroma neutral): Chromium's fake camera plays it in a loop. */
function y4m(grey: Buffer, width: number, height: number, frames = 5): Buffer {
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  // Full-range grey to video range (16–235), as a camera delivers it.
  const luma = Buffer.from(grey.map((v) => 16 + Math.round((v * 219) / 255)));
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < frames; i++) parts.push(Buffer.from('FRAME\n'), luma, chroma);
  return Buffer.concat(parts);
}

describe('H5 app in Chromium: vouchers by their whole QR text, the 门岗号, and the camera', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ geolocation: demoGateWgs84(GATE) });
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await e?.close();
  });

  async function api(account: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
    const { accessToken } = await demoLogin(e.t.app, account);
    return e.t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: bearer(accessToken),
      ...(payload ? { payload } : {}),
    });
  }

  async function posterNumber(): Promise<string> {
    const svg = await api('community_admin', 'GET', `/access/gates/${seedId(`gate:${GATE}`)}/poster?format=svg`);
    expect(svg.statusCode).toBe(200);
    const [, a, b] = /门岗号 (\d{4}) (\d{4})/.exec(svg.body)!;
    return `${a} ${b}`;
  }

  it('the merchant pastes the whole NX1. payload: a big green success; the same payload again: 已核销过', async () => {
    const { page } = e;
    // A voucher of the demo shop, redeemed by the demo rider.
    const shop = (await api('merchant', 'GET', '/me')).json().scope.merchant.id as string;
    const rewards = (await api('rider', 'GET', '/points/rewards')).json().items as {
      id: string;
      merchant: { id: string };
      blockedBy: string | null;
    }[];
    const reward = rewards.find((r) => r.merchant.id === shop && r.blockedBy === null)!;
    expect(reward).toBeDefined();
    const redeemed = await api('rider', 'POST', '/points/redeem', {
      rewardId: reward.id,
      idempotencyKey: `e2e-${randomBytes(6).toString('hex')}`,
    });
    expect(redeemed.statusCode).toBe(201);
    const payload = redeemed.json().qrPayload as string;
    expect(payload).toMatch(/^NX1\./);
    expect(payload.length).toBeGreaterThan(40);

    await signInFresh(e, 'merchant');
    await page.goto(e.base + '/#/packages/me/workbench/index');
    await page.getByText('扫码核销', { exact: true }).first().click();
    await fillInput(e, 'nx-merchant__input', payload);
    expect(await page.locator('.nx-merchant__input input').inputValue()).toBe(payload);
    await page.locator('.nx-merchant__check').click();
    await page.locator('.nx-merchant__voucher--valid').waitFor();
    await page.locator('.nx-merchant__confirm').click();
    const done = page.locator('.nx-merchant__done');
    await done.getByText('核销成功').waitFor();
    expect(await done.innerText()).toMatch(/骑手：\S\*+/);
    expect(await done.innerText()).toMatch(/核销时间：/);
    expect(await page.locator('.nx-merchant__voucher').count()).toBe(0);
    expect(await page.locator('.nx-notice--error').count()).toBe(0);
    await page.waitForTimeout(300);
    await e.screenshot('scan-merchant-success');

    await fillInput(e, 'nx-merchant__input', payload);
    await page.locator('.nx-merchant__check').click();
    await page.locator('.nx-merchant__voucher--used').getByText('已核销过，不能再用').waitFor();
    expect(await page.locator('.nx-merchant__done').count()).toBe(0);
    await page.waitForTimeout(300);
    await e.screenshot('scan-merchant-used');
  });

  it('the rider types the 门岗号 printed under the poster’s QR and gets in', async () => {
    const { page } = e;
    const number = await posterNumber();
    await signInFresh(e, 'rider');
    await page.locator('.nx-tile--access').first().click();
    await page.getByText('输入门岗暖新码下方印的 8 位门岗号', { exact: false }).first().waitFor();
    await fillInput(e, 'nx-access__manual-input', number);
    await page.waitForTimeout(200);
    await e.screenshot('scan-rider-number');
    await page.locator('.nx-access__manual-submit').first().click();
    await page.locator('.nx-result--granted').first().waitFor();
    await page.getByText('金台里小区 · 东门').first().waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('scan-rider-number-granted');
  });

  it('the community admin sees 扫码位置核验 (on, 300 m) at the top of the gates page and the distance in the log', async () => {
    const { page } = e;
    await signInFresh(e, 'community_admin');
    await page.goto(e.base + '/#/packages/me/workbench/index');
    await page.getByText('门岗与暖新码', { exact: true }).first().click();
    const rule = page.locator('.nx-gates__location--on');
    await rule.getByText(/已开启：骑手须在门岗 300 米内扫码/).waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('scan-gates-location');
    await page.goto(e.base + '/#/packages/me/workbench/index');
    await page.getByText('通行记录', { exact: true }).first().click();
    await page
      .locator('.nx-event__distance', { hasText: /距门岗 \d+ 米/ })
      .first()
      .waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('scan-log-distance');
  });

  it('offline at the gate: the scan is kept (未能联网核验); back online it is recorded once as 离线补录, and the log says so', async () => {
    const { page, context } = e;
    const number = await posterNumber();
    await signInFresh(e, 'rider');
    await page.locator('.nx-tile--access').first().click();
    await page.getByText('输入门岗暖新码下方印的 8 位门岗号', { exact: false }).first().waitFor();
    await context.setOffline(true);
    try {
      await fillInput(e, 'nx-access__manual-input', number);
      await page.locator('.nx-access__manual-submit').first().click();
      await page.locator('.nx-result--queued').getByText('未能联网核验').waitFor();
      await page.waitForTimeout(300);
      await e.screenshot('scan-offline-kept');
      await page.locator('.nx-result__close').click();
      const kept = page.locator('.nx-outbox', { hasText: '离线扫码（联网后补录）' });
      await kept.getByText('待发送').waitFor();
      await page.waitForTimeout(300);
      await e.screenshot('scan-offline-list');
    } finally {
      await context.setOffline(false);
    }
    // The browser's `online` event sends it.
    await page
      .locator('.nx-outbox')
      .getByText(/已补录（金台里小区 · 东门）：当时已准入/)
      .waitFor({ timeout: 20_000 });
    // The page loaded again by itself: no offline notice left.
    await page.getByText(/没有网络：下面是/).waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    await e.screenshot('scan-offline-recorded');
    const rows = await e.t.db.execute(
      sql`select count(*)::int as n from access_events where offline_key is not null and gate_id = ${seedId(`gate:${GATE}`)}::uuid`,
    );
    expect(rowsOf<{ n: number }>(rows)[0]!.n).toBe(1);

    await signInFresh(e, 'community_admin');
    await page.goto(e.base + '/#/packages/me/workbench/index');
    await page.getByText('通行记录', { exact: true }).first().click();
    await page
      .locator('.nx-event__offline', { hasText: /离线补录：手机扫码于/ })
      .first()
      .waitFor();
    await page.waitForTimeout(300);
    await e.screenshot('scan-offline-log');
  });

  it('QrCamera reads the real poster from a (fake) camera: the rider scans the gate and gets in', async () => {
    // The poster as the API renders it, cropped to the QR and its number, as a 640×480 camera frame.
    const png = await api('community_admin', 'GET', `/access/gates/${seedId(`gate:${GATE}`)}/poster?format=png`);
    expect(png.statusCode).toBe(200);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'scan-poster.png'), png.rawPayload);
    const frame = await sharp(png.rawPayload)
      .extract({ left: 100, top: 290, width: 1000, height: 1040 })
      .resize(640, 480, { fit: 'contain', background: '#ffffff' })
      .flatten({ background: '#ffffff' })
      .greyscale()
      .extractChannel(0)
      .raw()
      .toBuffer();
    expect(frame.length).toBe(640 * 480);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-camera-'));
    const video = path.join(dir, 'poster.y4m');
    fs.writeFileSync(video, y4m(frame, 640, 480));

    const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      geolocation: demoGateWgs84(GATE),
      permissions: ['geolocation', 'camera'],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(20_000);
      await page.goto(e.base + '/');
      await loginAs({ ...e, page }, 'rider');
      await page.locator('.nx-tile--access').first().click();
      await page.locator('.nx-access__scan').first().click();
      // Asked first: what the camera is for, nothing uploaded.
      const sheet = page.locator('.nx-qr-camera');
      await sheet.getByText(/不会上传或保存/).waitFor();
      await page.waitForTimeout(200);
      await page.screenshot({ path: path.join(ARTIFACTS, 'scan-camera-ask.png') });
      await sheet.locator('.nx-qr-camera__open').click();
      await page.locator('.nx-qr-camera--scanning, .nx-result--granted').first().waitFor();
      if (await page.locator('.nx-qr-camera--scanning').count()) {
        await page.screenshot({ path: path.join(ARTIFACTS, 'scan-camera-live.png') });
      }
      await page.locator('.nx-result--granted').first().waitFor({ timeout: 30_000 });
      await page.getByText('金台里小区 · 东门').first().waitFor();
      expect(await page.locator('.nx-qr-camera').count()).toBe(0);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(ARTIFACTS, 'scan-camera-granted.png'), fullPage: true });
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
