#!/usr/bin/env node
// `pnpm test`: the whole suite, as CI runs it.
//   1. system packages (PostgreSQL 15 + contrib, Chromium, CJK fonts) — installed when missing and root
//   2. lint (eslint .) and formatting (prettier --check .): a finding fails the run
//   3. type-check every package
//   4. build the mini-program (H5 for the browser tests + its first-load size, weapp + its soundness/size check), unless
//      the last successful build had the same inputs (scripts/lib/build-cache.mjs)
//   5. the weapp build under test: dist/weapp's pages run by miniprogram-simulate against the real
//      API (tests/weapp, on PGlite)
//   6. jest on the embedded PGlite, then on a real PostgreSQL (TEST_DATABASE_URL, or a throwaway
//      server started here), then the mini-program component tests
// Flags: --skip-build (reuse miniapp/dist as it is), --rebuild (build even if current),
// --only=pglite|postgres|weapp, extra args go to jest.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from './lib/system-deps.mjs';
import { startPgCluster } from './lib/pg-cluster.mjs';
import { buildIsCurrent, forgetBuild, miniappInputsHash, recordBuild } from './lib/build-cache.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build');
const rebuild = args.includes('--rebuild');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const jestArgs = args.filter((a) => !['--skip-build', '--rebuild'].includes(a) && !a.startsWith('--only='));

function step(title) {
  console.log(`\n━━ ${title}`);
}

function run(cmd, argv, opts = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts, env: { ...process.env, ...opts.env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✗ ${cmd} ${argv.join(' ')} failed (exit ${result.status}) after ${seconds}s`);
  } else {
    console.log(`✓ ${cmd} ${argv.slice(0, 4).join(' ')} (${seconds}s)`);
  }
  return result.status === 0;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

/** The slowest test files of a phase: where the suite's time goes (CI has a 90-minute budget). */
function printSlowest(label, report, count = 8) {
  const files = report.testResults
    .map((r) => ({ file: path.relative(path.join(root, 'tests'), r.name), seconds: (r.endTime - r.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds);
  const total = files.reduce((sum, f) => sum + f.seconds, 0);
  console.log(`${label}: ${files.length} files, ${total.toFixed(0)} s of test-file time; slowest:`);
  for (const f of files.slice(0, count)) console.log(`  ${f.seconds.toFixed(1).padStart(7)} s  ${f.file}`);
}

function jest(label, config, env) {
  const out = path.join(os.tmpdir(), `nuanxin-jest-${label}-${randomBytes(3).toString('hex')}.json`);
  const ok = run(
    process.execPath,
    [
      path.join(root, 'tests/node_modules/jest/bin/jest.js'),
      '-c',
      config,
      '--json',
      `--outputFile=${out}`,
      ...jestArgs,
    ],
    {
      cwd: path.join(root, 'tests'),
      env: {
        NODE_OPTIONS: '--experimental-vm-modules --no-warnings=ExperimentalWarning',
        TEST_RUN_ID: `${label}_${process.pid}`,
        ...env,
      },
    },
  );
  if (fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests;
    if (report.numTotalTests === 0) failures.push(`${label}: no tests ran`);
    printSlowest(label, report);
    fs.rmSync(out);
  }
  if (!ok) failures.push(label);
}

console.log(`${os.availableParallelism()} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory`);
step('System packages');
ensureSystemDeps();

step('Lint and formatting');
if (!run('pnpm', ['run', '--silent', 'lint'])) failures.push('lint');
if (!run('pnpm', ['run', '--silent', 'format:check'])) failures.push('format');

step('Type-check');
if (!run('pnpm', ['run', '--silent', 'typecheck'])) failures.push('typecheck');

/** Builds the mini-program for `type` unless its last successful build had the same inputs. */
function buildMiniapp(type) {
  const hash = miniappInputsHash(root, type);
  if (!rebuild && buildIsCurrent(root, type, hash)) {
    console.log(`✓ miniapp/dist/${type} is current (same inputs as its last build; --rebuild to build anyway)`);
    return true;
  }
  forgetBuild(root, type);
  const ok = run('pnpm', ['--filter', '@nuanxin/miniapp', `build:${type}`]);
  if (ok) recordBuild(root, type, hash);
  return ok;
}

let weappBuilt = true;
if (!skipBuild) {
  step('Build the mini-program (H5 + weapp) and check the weapp package');
  if (!buildMiniapp('h5')) failures.push('build:h5');
  // The H5 home page's first load in Chromium, gzipped, against its 300 KB budget.
  else if (!run(process.execPath, ['scripts/size/h5-first-load.mjs'])) failures.push('h5-first-load');
  // The weapp build under test asks for the report subscribe messages (tests/weapp checks the
  // request comes before the upload): test template ids unless real ones are set.
  for (const kind of ['ACCEPTED', 'REJECTED', 'FIXED']) {
    process.env[`TARO_APP_TPL_REPORT_${kind}`] ??= `nx-test-tpl-report-${kind.toLowerCase()}`;
  }
  weappBuilt = buildMiniapp('weapp');
  if (!weappBuilt) failures.push('build:weapp');
  else if (!run(process.execPath, ['scripts/check-weapp.mjs'])) failures.push('check-weapp');
}

if ((!only || only === 'weapp') && weappBuilt) {
  step('The weapp build under test (dist/weapp in miniprogram-simulate, the real API on PGlite)');
  jest('weapp', 'weapp/jest.config.mjs', { TEST_DB: 'pglite' });
}

if (!only || only === 'pglite') {
  step('Server + end-to-end tests on the embedded PGlite');
  jest('pglite', 'jest.config.mjs', { TEST_DB: 'pglite' });
}

if (!only || only === 'postgres') {
  step('Server + end-to-end tests on PostgreSQL');
  let cluster;
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    cluster = await startPgCluster({ log: console.log, durable: false });
    url = cluster.url;
  }
  try {
    jest('postgres', 'jest.config.mjs', { TEST_DB: 'postgres', TEST_DATABASE_URL: url });
  } finally {
    cluster?.stop();
  }
}

if (!only && fs.existsSync(path.join(root, 'tests/miniapp/jest.config.mjs'))) {
  step('Mini-program component tests');
  jest('miniapp', 'miniapp/jest.config.mjs', {});
}

console.log(`\n━━ Summary${failures.length ? ` — failed: ${failures.join(', ')}` : ''}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length === 0 && totals.failed === 0 ? 0 : 1);
