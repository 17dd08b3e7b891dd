#!/usr/bin/env node
// `pnpm start`: builds the H5 app when it is missing or older than its sources, then runs the API
// (which serves the H5 app at /) on the embedded PGlite with demo data — nothing else to install.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const h5Index = path.join(root, 'miniapp/dist/h5/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sources = ['miniapp/src', 'miniapp/config', 'shared/src'].map((d) => path.join(root, d)).filter(fs.existsSync);
const stale = !fs.existsSync(h5Index) || Math.max(...sources.map(newestMtime)) > fs.statSync(h5Index).mtimeMs;
if (stale && process.env.SKIP_H5_BUILD !== '1') {
  console.log('Building the H5 app (first start takes a minute or two)…');
  const build = spawnSync('pnpm', ['--filter', '@nuanxin/miniapp', 'build:h5'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
