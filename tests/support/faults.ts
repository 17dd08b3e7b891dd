// Helpers of the fault tests (tests/server/faults): the API as a real child process, and a
// PostgreSQL server the test owns and may stop and start.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { REPO_ROOT } from '../../server/src/platform/config.js';
import { freePort } from '../../scripts/lib/free-port.mjs';

const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ApiProcess {
  base: string;
  child: ChildProcess;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), then wait for the exit. */
  stop(): Promise<void>;
}

export const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));

/**
 * `server/src/server.ts` in a child process, as it runs in production (migrates, sweeps photo
 * files, serves); resolves once /ready answers 200. `env` adds to or overrides the defaults.
 */
export async function startApi(
  env: Record<string, string>,
  opts: { fileSizeLimit?: number } = {},
): Promise<ApiProcess> {
  const port = await freePort();
  const argv = [process.execPath, '--import', 'tsx', 'server/src/server.ts'];
  // A file-size limit (util-linux prlimit): a write past it fails with EFBIG, as on a full disk.
  if (opts.fileSizeLimit) argv.unshift('prlimit', `--fsize=${opts.fileSizeLimit}`, '--');
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_MODE: 'false',
      H5_DIR: '/nonexistent',
      LOG_LEVEL: 'silent',
      OUTBOX_INTERVAL_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/ready`, { signal: AbortSignal.timeout(5000) })).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('server not ready in 90 s');
    }
    await sleep(200);
  }
  return {
    base,
    child,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

interface PgClusterModule {
  startPgCluster(opts: {
    log?: (msg: string) => void;
    durable?: boolean;
  }): Promise<{ url: string; port: number; bin: string; dir: string; stop(): void }>;
}

export interface OwnPostgres {
  url: string;
  /** `pg_ctl stop -m immediate`: every connection dropped at once, as in a crash. */
  stop(): Promise<void>;
  /** Starts it again (crash recovery), waiting until it accepts connections. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  destroy(): void;
}

/**
 * A PostgreSQL server of this test's own (the shared test server must not be restarted under
 * other test files): scripts/lib/pg-cluster.mjs starts it; its port and socket folder are written
 * to postgresql.auto.conf so that a plain `pg_ctl start` brings it back on the same address.
 */
export async function ownPostgres(): Promise<OwnPostgres> {
  const modulePath = path.join(REPO_ROOT, 'scripts/lib/pg-cluster.mjs');
  const { startPgCluster } = (await import(modulePath)) as PgClusterModule;
  // Durable commits: a restart must not lose what the API acknowledged (synchronous_commit=off
  // would, and the test would rightly fail).
  const cluster = await startPgCluster({ log: () => {}, durable: true });
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  try {
    for (const [name, value] of [
      ['port', String(cluster.port)],
      ['unix_socket_directories', cluster.dir],
      ['listen_addresses', '127.0.0.1'],
      ['fsync', 'on'],
      ['synchronous_commit', 'on'],
      ['max_connections', '100'],
    ]) {
      await admin.query(`ALTER SYSTEM SET ${name} = '${value}'`);
    }
  } finally {
    await admin.end();
  }
  const data = path.join(cluster.dir, 'data');
  const root = process.getuid?.() === 0;
  const pgCtl = async (...args: string[]) => {
    const full = path.join(cluster.bin, 'pg_ctl');
    const [cmd, argv] = root
      ? ['runuser', ['-u', 'postgres', '--', full, '-D', data, ...args]]
      : [full, ['-D', data, ...args]];
    await execFileAsync(cmd as string, argv as string[], { timeout: 60_000 });
  };
  return {
    url: cluster.url,
    stop: () => pgCtl('-m', 'immediate', '-w', 'stop'),
    start: () => pgCtl('-l', path.join(cluster.dir, 'server.log'), '-w', '-t', '60', 'start'),
    destroy: () => {
      try {
        cluster.stop();
      } catch {
        // Already stopped (a failed test): only the folder is left to remove.
        fs.rmSync(cluster.dir, { recursive: true, force: true });
      }
    },
  };
}

/** A fresh empty folder under the system temp folder. */
export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Every file under `dir`, relative, with `/` separators. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else out.push(r);
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out.sort();
}
