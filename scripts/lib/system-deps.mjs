// The Debian packages the tests need. On a fresh machine (CI, or a developer as root) they are
// installed here so that `pnpm test` alone sets everything up; otherwise we say what is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { findPgBin } from './pg-cluster.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

export function missingSystemDeps() {
  const missing = [];
  if (!findPgBin()) missing.push('postgresql');
  const shares = fs.existsSync('/usr/share/postgresql') ? fs.readdirSync('/usr/share/postgresql') : [];
  if (!shares.some((v) => fs.existsSync(`/usr/share/postgresql/${v}/extension/earthdistance.control`))) {
    missing.push('postgresql-contrib');
  }
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!fs.existsSync(FONT)) missing.push('fonts-wqy-zenhei');
  return missing;
}

export function ensureSystemDeps() {
  const missing = missingSystemDeps();
  if (missing.length === 0) return;
  const canInstall = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get') && process.env.NX_NO_APT !== '1';
  if (!canInstall) {
    throw new Error(
      `Missing system packages: ${missing.join(' ')}\nInstall them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  console.error(`Installing ${missing.join(' ')} from Debian's packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) throw new Error('apt-get update failed');
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  if (install.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed`);
}
