import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../server/src/config.js';
import { seedDemo } from '../../server/src/seed/demo.js';
import { buildTestApp, type TestContext } from '../support/app.js';

export const H5_DIR = path.join(REPO_ROOT, 'miniapp/dist/h5');
export const ARTIFACTS = path.join(REPO_ROOT, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2E {
  t: TestContext;
  base: string;
  context: BrowserContext;
  page: Page;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The built H5 app served by the real API (same origin) on 127.0.0.1 with demo data, and Debian's
 * Chromium driven by playwright-core with a fresh profile.
 */
export async function startE2E(options: { geolocation?: { latitude: number; longitude: number } } = {}): Promise<E2E> {
  if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) {
    throw new Error('miniapp/dist/h5 is missing: run `pnpm --filter @nuanxin/miniapp build:h5` (pnpm test does)');
  }
  const t = await buildTestApp({ H5_DIR, LOGIN_RATE_LIMIT: '1000' });
  await seedDemo(t.db);
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
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    t,
    base,
    context,
    page,
    screenshot: async (name) => {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: async () => {
      await context.close();
      await t.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
