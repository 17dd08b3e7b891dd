import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { REPO_ROOT } from '../../server/src/platform/config.js';
import { buildTestApp, type TestContext } from '../support/app.js';

export const H5_DIR = path.join(REPO_ROOT, 'miniapp/dist/h5');
export const ARTIFACTS = path.join(REPO_ROOT, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * How long a browser file's beforeAll may take (the app with demo data, Chromium, fixtures). It
 * takes ~10 s on an idle machine; on a loaded 2-core box it took over 60 s, and the whole file failed.
 */
export const E2E_START_TIMEOUT = 180_000;

export interface E2E {
  t: TestContext;
  base: string;
  context: BrowserContext;
  page: Page;
  screenshot(name: string): Promise<string>;
  /** A screenshot once Taro H5's page slide has settled, scrolled to `selector` if given. */
  shot(name: string, selector?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The built H5 app served by the real API (same origin) on 127.0.0.1 with demo data, and Debian's
 * Chromium driven by playwright-core with a fresh profile.
 */
export async function startE2E(
  options: {
    geolocation?: { latitude: number; longitude: number };
    /** Start from the demo data (default) or from an empty migrated database. */
    demo?: boolean;
    /** More environment for the app (e.g. DEMO_MODE=false, the fake WeChat's address). */
    env?: Record<string, string>;
  } = {},
): Promise<E2E> {
  if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) {
    throw new Error('miniapp/dist/h5 is missing: run `pnpm --filter @nuanxin/miniapp build:h5` (pnpm test does)');
  }
  const t = await buildTestApp({ H5_DIR, LOGIN_RATE_LIMIT: '1000', ...options.env }, { demo: options.demo ?? true });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(options.geolocation ? { geolocation: options.geolocation, permissions: ['geolocation'] } : {}),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  // A script error or a refused request shows in the test's output next to the step that made it,
  // instead of as a distant timeout.
  page.on('pageerror', (err) => console.error('pageerror', err.message));
  page.on('response', (res) => res.status() >= 400 && console.error('http', res.status(), res.url()));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const screenshot = async (name: string) => {
    const file = path.join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  return {
    t,
    base,
    context,
    page,
    screenshot,
    shot: async (name, selector) => {
      if (selector) await page.locator(selector).first().scrollIntoViewIfNeeded();
      await page.waitForTimeout(600);
      return screenshot(name);
    },
    close: async () => {
      await context.close();
      await t.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

let photoDir: string | undefined;

/** A plain-colour JPEG (a stand-in camera photo) in a temporary folder; returns its path. */
export async function testPhoto(
  name: string,
  background: string,
  size: { width: number; height: number } = { width: 1200, height: 900 },
): Promise<string> {
  photoDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'nx-e2e-photos-'));
  const file = path.join(photoDir, `${name}.jpg`);
  await sharp({ create: { ...size, channels: 3, background } })
    .jpeg()
    .toFile(file);
  return file;
}

/** Types into a Taro <Input> (H5 renders a custom element around a real <input>) found by class. */
export async function fillInput(e: E2E, cls: string, value: string, nth = 0): Promise<void> {
  await e.page.locator(`.${cls} input`).nth(nth).fill(value);
}

/** Signs in with a demo account from the login page (the app must be on it). */
export async function loginAs(e: E2E, account: string): Promise<void> {
  await e.page.locator(`.nx-demo-account--${account}`).first().click();
  await e.page.locator('.nx-tile, .nx-staff-entry').first().waitFor();
}

/**
 * A fresh session signed in as a demo account: whatever the test before left is cleared, the
 * login page's demo card is tapped, and the call returns once home shows (the tiles, or the
 * staff 工作台 entry) — navigating before that finds no session yet and lands on the login page.
 */
export async function signInFresh(e: E2E, account: string): Promise<void> {
  const { page } = e;
  await page.goto(e.base + '/');
  await page.evaluate(() => localStorage.clear());
  await page.goto(e.base + '/');
  await page.reload();
  await loginAs(e, account);
}

/** Logs out from 我的 (opened directly: access and staff pages have no tab bar) and waits for the login page. */
export async function logout(e: E2E): Promise<void> {
  const { page } = e;
  await page.goto(e.base + '/#/pages/me/index');
  await page.getByText('退出登录', { exact: true }).first().click();
  const confirm = page.getByText('确定', { exact: true });
  if (await confirm.count()) await confirm.first().click();
  await page.locator('.nx-demo-account--rider').first().waitFor();
}

/**
 * Signs in with WeChat's 网页授权 against the fake WeChat server as the person `openid` (a new one
 * becomes a rider): a fresh session, the login page's 微信登录, the fake authorize page, the
 * callback and the ticket exchange; waits for home.
 */
export async function signInWithWeChat(
  e: E2E,
  fake: { webUser: { openid: string; unionid?: string } | null },
  openid: string,
): Promise<void> {
  const { page } = e;
  await page.goto(e.base + '/#/pages/login/index');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  fake.webUser = { openid };
  await page.locator('.nx-login__wechat').first().click();
  await page.locator('.nx-tile--reports').first().waitFor();
}

/** Redeems a staff invitation code on 我的 (signed in, home shown) and waits for the workbench. */
export async function redeemInvitation(e: E2E, code: string): Promise<void> {
  const { page } = e;
  await page.goto(e.base + '/#/pages/me/index');
  await fillInput(e, 'nx-me__input', code);
  await page.getByText('绑定', { exact: true }).first().click();
  await page.locator('.nx-staff__who').first().waitFor();
}
