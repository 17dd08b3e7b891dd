#!/usr/bin/env node
// Renders the tab bar icons (81×81 PNG, grey and brand colour) and the favicon from the SVGs below,
// once, with Debian's Chromium through playwright-core (a dependency of tests/). The PNGs are
// committed: WeChat's tabBar takes only local PNG/JPG files (≤ 40 KB), not SVG.
//   node scripts/render-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(path.join(root, 'tests/package.json'))('playwright-core');

const GREY = '#71717a';
const BRAND = '#c2410c';
const stroke = (color) =>
  `fill="none" stroke="${color}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"`;

/** 48×48 viewBox line icons: 首页 (house), 驿站 (map pin with a cup), 随手拍 (camera), 我的 (person). */
const ICONS = {
  home: (c) =>
    `<path ${stroke(c)} d="M6 22 L24 7 L42 22"/><path ${stroke(c)} d="M11 19 V41 H37 V19"/><path ${stroke(c)} d="M20 41 V29 H28 V41"/>`,
  stations: (c) =>
    `<path ${stroke(c)} d="M24 44 C24 44 9 29 9 19 A15 15 0 0 1 39 19 C39 29 24 44 24 44 Z"/><path ${stroke(c)} d="M17 15 H29 V21 A6 6 0 0 1 17 21 Z"/><path ${stroke(c)} d="M29 16 H32 A2.5 2.5 0 0 1 32 21 H29"/>`,
  reports: (c) =>
    `<path ${stroke(c)} d="M5 16 A3 3 0 0 1 8 13 H15 L19 7 H29 L33 13 H40 A3 3 0 0 1 43 16 V37 A3 3 0 0 1 40 40 H8 A3 3 0 0 1 5 37 Z"/><circle ${stroke(c)} cx="24" cy="26" r="8"/>`,
  me: (c) =>
    `<circle ${stroke(c)} cx="24" cy="16" r="9"/><path ${stroke(c)} d="M7 43 C7 33 15 28 24 28 C33 28 41 33 41 43"/>`,
};

/** The favicon: 暖 on the brand colour, rounded. */
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${BRAND}"/><text x="32" y="46" font-size="40" font-weight="800" text-anchor="middle" fill="#fff" font-family="Noto Sans CJK SC, WenQuanYi Zen Hei, sans-serif">暖</text></svg>`;

const svg = (body) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">${body}</svg>`;

async function render(page, markup, size) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${markup.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/** An .ico holding one PNG image (every current browser reads PNG-in-ICO). */
function icoOf(png, size) {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size >= 256 ? 0 : size, 6);
  header.writeUInt8(size >= 256 ? 0 : size, 7);
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9);
  header.writeUInt16LE(1, 10); // planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18); // offset of the image
  return Buffer.concat([header, png]);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const tabDir = path.join(root, 'miniapp/src/assets/tabbar');
  fs.mkdirSync(tabDir, { recursive: true });
  for (const [name, draw] of Object.entries(ICONS)) {
    for (const [suffix, color] of [
      ['', GREY],
      ['-active', BRAND],
    ]) {
      const file = path.join(tabDir, `${name}${suffix}.png`);
      const png = await render(page, svg(draw(color)), 81);
      if (png.length > 40 * 1024) throw new Error(`${file} is over 40 KB`);
      fs.writeFileSync(file, png);
      console.log(`${path.relative(root, file)} ${png.length} B`);
    }
  }
  const favicon = path.join(root, 'miniapp/src/assets/favicon.ico');
  fs.writeFileSync(favicon, icoOf(await render(page, FAVICON, 32), 32));
  console.log(path.relative(root, favicon));
} finally {
  await browser.close();
}
