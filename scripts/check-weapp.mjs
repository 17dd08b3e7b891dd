#!/usr/bin/env node
// Checks the built WeChat mini-program (miniapp/dist/weapp) for what WeChat would reject at
// upload or review time, so CI catches it instead of the developer tools:
//   - every page (main and subpackages) and every tabBar page has its .js/.wxml/.json files;
//   - no `new Function` / `eval(` in any JS (WeChat forbids dynamic code evaluation);
//   - none of the H5-only libraries (Leaflet, jsQR: weapp has its native <map> and scanCode),
//     which the H5 code loads behind a build-time `TARO_ENV === 'h5'` branch;
//   - the main package (everything outside subpackage roots) stays under WeChat's 2 MB cap with
//     our own 1 MB budget, leaving room for the features still to come.
// It prints the main package's size and each subpackage's, so a change that moves code between
// them shows up in the build log.
// Usage: node scripts/check-weapp.mjs [distDir]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN_PACKAGE_BUDGET = 1024 * 1024;
// WeChat refuses an upload with any single subpackage over 2 MB.
const SUBPACKAGE_CAP = 2 * 1024 * 1024;
const FORBIDDEN = [
  { name: 'new Function', re: /\bnew\s+Function\s*\(/ },
  { name: 'eval(', re: /(^|[^\w$.])eval\s*\(/ },
];

// A literal each library's minified code keeps, and no code of ours has.
const H5_ONLY = [
  { name: 'jsQR', marker: 'Invalid module size' },
  { name: 'Leaflet', marker: 'leaflet-container' },
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] ?? path.join(root, 'miniapp/dist/weapp'));
const errors = [];

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

const appJsonPath = path.join(dist, 'app.json');
if (!existsSync(appJsonPath)) {
  console.error(
    `check-weapp: ${path.relative(root, appJsonPath)} not found — run \`pnpm --filter @nuanxin/miniapp build:weapp\` first`,
  );
  process.exit(1);
}
const app = JSON.parse(readFileSync(appJsonPath, 'utf8'));

for (const f of ['app.js', 'app.json']) {
  if (!existsSync(path.join(dist, f))) errors.push(`missing ${f}`);
}

const mainPages = Array.isArray(app.pages) ? app.pages : [];
if (mainPages.length === 0) errors.push('app.json has no pages');
const subpackages = [...(app.subpackages ?? []), ...(app.subPackages ?? [])];
const pages = [...mainPages, ...subpackages.flatMap((sp) => (sp.pages ?? []).map((p) => path.posix.join(sp.root, p)))];

for (const page of pages) {
  for (const ext of ['.js', '.wxml', '.json']) {
    if (!existsSync(path.join(dist, page + ext))) errors.push(`page ${page}: missing ${page}${ext}`);
  }
}

for (const item of app.tabBar?.list ?? []) {
  if (!mainPages.includes(item.pagePath)) {
    // WeChat requires tab pages to live in the main package's `pages`.
    errors.push(`tabBar page ${item.pagePath} is not listed in app.json pages`);
  } else if (!existsSync(path.join(dist, `${item.pagePath}.js`))) {
    errors.push(`tabBar page ${item.pagePath}: missing ${item.pagePath}.js`);
  }
  for (const icon of [item.iconPath, item.selectedIconPath]) {
    if (icon && !existsSync(path.join(dist, icon))) errors.push(`tabBar icon ${icon} not found`);
  }
}

const files = walk(dist);
for (const file of files.filter((f) => f.endsWith('.js'))) {
  const text = readFileSync(file, 'utf8');
  for (const { name, marker } of H5_ONLY) {
    if (text.includes(marker)) {
      errors.push(`${path.relative(dist, file)} holds ${name}, an H5-only library: load it behind TARO_ENV === 'h5'`);
    }
  }
  for (const { name, re } of FORBIDDEN) {
    const m = re.exec(text);
    if (m) {
      const at = Math.max(0, m.index - 60);
      errors.push(
        `${path.relative(dist, file)} contains \`${name}\`: …${text.slice(at, m.index + 60).replace(/\s+/g, ' ')}…`,
      );
    }
  }
}

const subRoots = subpackages.map((sp) => sp.root.replace(/\/?$/, '/'));
let mainBytes = 0;
// Per subpackage root, in app.json order: each is downloaded on its own the first time one of its
// pages opens, so each size is what a user waits for at that moment.
const subBytes = new Map(subRoots.map((r) => [r, 0]));
for (const file of files) {
  // Source maps are not uploaded with the package.
  if (file.endsWith('.map')) continue;
  const rel = path.relative(dist, file).split(path.sep).join('/');
  const size = statSync(file).size;
  const subRoot = subRoots.find((r) => rel.startsWith(r));
  if (subRoot) subBytes.set(subRoot, (subBytes.get(subRoot) ?? 0) + size);
  else mainBytes += size;
}
const subTotal = [...subBytes.values()].reduce((a, b) => a + b, 0);

console.log(`check-weapp: ${pages.length} pages (${subpackages.length} subpackages), ${files.length} files`);
console.log(`check-weapp: main package ${kb(mainBytes)} (budget ${kb(MAIN_PACKAGE_BUDGET)})`);
for (const [r, bytes] of subBytes) console.log(`check-weapp: subpackage ${r.padEnd(20)} ${kb(bytes)}`);
console.log(`check-weapp: subpackages total ${kb(subTotal)}, whole app ${kb(mainBytes + subTotal)}`);
if (mainBytes >= MAIN_PACKAGE_BUDGET) {
  errors.push(
    `main package is ${kb(mainBytes)}, at or over the ${kb(MAIN_PACKAGE_BUDGET)} budget — move pages into subpackages`,
  );
}

for (const [r, bytes] of subBytes) {
  if (bytes >= SUBPACKAGE_CAP)
    errors.push(`subpackage ${r} is ${kb(bytes)}, at or over WeChat's ${kb(SUBPACKAGE_CAP)} cap`);
}

if (errors.length > 0) {
  console.error(`check-weapp: FAILED (${errors.length})`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}
console.log('check-weapp: OK');
