import fs from 'node:fs';
import path from 'node:path';

// Taro replaces `process.env.X` in the bundle only where miniapp/config/index.ts defines X: any other
// stays as it is, and the app stops on load with "process is not defined" (it happened once: three
// subscribe-message templates read in src/env.ts had no definition).
const MINIAPP = path.resolve(__dirname, '../../miniapp');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

test('every process.env variable the app reads is defined at build time', async () => {
  const read = new Set<string>();
  for (const file of sources(path.join(MINIAPP, 'src'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z0-9_]+)/g)) read.add(m[1]!);
  }
  // Taro defines these itself.
  read.delete('TARO_ENV');
  read.delete('NODE_ENV');
  expect(read.size).toBeGreaterThan(10);
  // The config as Taro loads it: its defineConstants, with the template names expanded.
  const config = fs.readFileSync(path.join(MINIAPP, 'config/index.ts'), 'utf8');
  const templates = [
    ...(config.match(/const SUBSCRIBE_TEMPLATES = \[([^\]]*)\]/)?.[1] ?? '').matchAll(/'([A-Z_]+)'/g),
  ].map((m) => `TARO_APP_TPL_${m[1]}`);
  const defined = new Set([...[...config.matchAll(/'process\.env\.([A-Z0-9_]+)'/g)].map((m) => m[1]!), ...templates]);
  expect([...read].filter((name) => !defined.has(name))).toEqual([]);
});
