// Starts a throwaway PostgreSQL server (Debian's binaries) in a temp folder, on a free loopback
// port and a Unix socket in that folder, for tests and benchmarks. As root, the server runs as the
// `postgres` user (PostgreSQL refuses to run as root).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.mjs';

export function findPgBin() {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const base = '/usr/lib/postgresql';
  if (fs.existsSync(base)) {
    for (const v of fs.readdirSync(base).sort((a, b) => Number(b) - Number(a))) {
      candidates.push(path.join(base, v, 'bin'));
    }
  }
  for (const dir of (process.env.PATH ?? '').split(':')) candidates.push(dir);
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
}

/**
 * `durable: false` (tests) turns off fsync and its kin: a throwaway test server loses nothing it
 * needs in a crash, and each test file's CREATE DATABASE … TEMPLATE otherwise waits on the disk.
 * Benchmarks keep the default, as a production server would.
 */
export async function startPgCluster({ log = console.error, durable = true } = {}) {
  const bin = findPgBin();
  if (!bin) {
    throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql postgresql-contrib');
  }
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nuanxin-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  const run = (cmd, args) => {
    const full = path.join(bin, cmd);
    const result = root
      ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' })
      : spawnSync(full, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  if (root) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const opts = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=300',
    '-c shared_buffers=256MB',
    durable ? '-c fsync=on' : '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
    // Extra server settings for an experiment, e.g. "-c shared_preload_libraries=pg_stat_statements".
    process.env.NX_PG_OPTS ?? '',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', opts, '-w', 'start']);
  log(`PostgreSQL ${run('postgres', ['--version']).trim()} on 127.0.0.1:${port} (${dir})`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // The same server through its Unix socket, as a client on the same host connects by default
    // (node-postgres and libpq both read `host` as a socket folder).
    socketUrl: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    port,
    bin,
    dir,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A hot standby of `primary` (a cluster from startPgCluster): `pg_basebackup -R` copies it and
 * writes the streaming-replication settings, and the copy starts read-only on a port of its own.
 * initdb's defaults already allow it: wal_level=replica, max_wal_senders=10, and a trusted
 * `replication` line for 127.0.0.1 in pg_hba.conf. Server settings given as `-c` flags to both.
 */
export async function startStandby(primary, { log = console.error } = {}) {
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nuanxin-pg-standby-'));
  if (root) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const logFile = path.join(dir, 'server.log');
  const run = (cmd, args) => {
    const full = path.join(primary.bin, cmd);
    const result = root
      ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' })
      : spawnSync(full, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  run('pg_basebackup', [
    '-D',
    data,
    '-R',
    '-X',
    'stream',
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '--no-sync',
  ]);
  const opts = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c hot_standby=on',
    // A standby needs at least the primary's max_connections (startPgCluster sets 300).
    '-c max_connections=300',
    '-c fsync=off',
  ].join(' ');
  const pgCtl = (...args) => run('pg_ctl', ['-D', data, ...args]);
  const start = () => pgCtl('-l', logFile, '-o', opts, '-w', 'start');
  start();
  log(`standby of 127.0.0.1:${primary.port} on 127.0.0.1:${port} (${dir})`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    logFile,
    start,
    /** `pg_ctl stop -m immediate`: the standby vanishes, as in a crash. */
    stop() {
      pgCtl('-m', 'immediate', '-w', 'stop');
    },
    destroy() {
      try {
        pgCtl('-m', 'immediate', '-w', 'stop');
      } catch {
        // Already stopped.
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
