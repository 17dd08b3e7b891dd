#!/usr/bin/env node
// The H5 app's first load, measured as a phone would see it: the built app (miniapp/dist/h5) is
// served from 127.0.0.1, headless Chromium opens the home page (`/#/pages/home/index`) with an
// empty cache, and every response until the network is idle is gzipped here (level 6, what a
// server's gzip usually does) and summed. It prints each file and the total; exit 1 when the total
// is over the budget (300 KB gzipped, issue #18: the first page stays small — the map library,
// the QR decoder and every subpackage must load only where used).
//
// The API is not running: /api/* answers 401, so the page does what a visitor without a session
// does (the home page asks for a sign-in). Nothing leaves 127.0.0.1.
// Usage: node scripts/size/h5-first-load.mjs [distDir] [--budget-kb=300] [--route=/pages/home/index]
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const dist = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(root, 'miniapp/dist/h5'));
const budgetKb = Number(flag('budget-kb') ?? 300);
const route = flag('route') ?? '/pages/home/index';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(path.join(dist, 'index.html'))) {
  console.error(
    `h5-first-load: ${path.relative(root, dist)}/index.html not found — run \`pnpm --filter @nuanxin/miniapp build:h5\``,
  );
  process.exit(1);
}
// playwright-core is a dependency of the tests package (the browser tests drive the same Chromium).
const { chromium } = createRequire(path.join(root, 'tests/package.json'))('playwright-core');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/api/')) {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'UNAUTHENTICATED', message: '请先登录' }));
    return;
  }
  const file = path.join(dist, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname));
  if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const profile = mkdtempSync(path.join(os.tmpdir(), 'nx-size-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  viewport: { width: 390, height: 844 },
});
const loaded = [];
let exit = 0;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const reading = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== base || url.pathname.startsWith('/api/') || response.status() !== 200) return;
    reading.push(
      response.body().then(
        (body) => loaded.push({ file: url.pathname, raw: body.length, gzip: gzipSync(body, { level: 6 }).length }),
        (err) => console.error(`h5-first-load: could not read ${url.pathname}: ${err}`),
      ),
    );
  });
  await page.goto(`${base}/#${route}`, { waitUntil: 'networkidle' });
  // Lazy chunks the first page asks for after its first render.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  await Promise.all(reading);

  const seen = new Map();
  for (const f of loaded) seen.set(f.file, f);
  const files = [...seen.values()].sort((a, b) => b.gzip - a.gzip);
  const total = files.reduce((s, f) => s + f.gzip, 0);
  const kb = (n) => (n / 1024).toFixed(1).padStart(7);
  console.log(`H5 first load of #${route} (${path.relative(root, dist)}): gzipped / raw KB`);
  for (const f of files) console.log(`${kb(f.gzip)} ${kb(f.raw)}  ${f.file}`);
  console.log(
    `${kb(total)} ${kb(files.reduce((s, f) => s + f.raw, 0))}  total (${files.length} files; budget ${budgetKb} KB gzipped)`,
  );
  const leaks = files.filter((f) => /leaflet|jsqr/i.test(f.file));
  if (leaks.length) {
    console.error(`✗ the first page loads ${leaks.map((f) => f.file).join(', ')}: load it only where it is used`);
    exit = 1;
  }
  if (total > budgetKb * 1024) {
    console.error(`✗ the H5 first load is ${(total / 1024).toFixed(1)} KB gzipped, over the ${budgetKb} KB budget`);
    exit = 1;
  } else if (!exit) console.log(`✓ within the ${budgetKb} KB budget`);
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(exit);
