// Shared pieces of the benchmarks: a throwaway PostgreSQL, the API in its own process, wrk (or
// autocannon) and a paced client as load generators, pgbench as the same-run baseline, medians of
// several rounds.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDatabase, type Database } from '@nuanxin/server/db/client';
import { seedDemo } from '@nuanxin/server/seed/demo';
import { freePort } from '../../lib/free-port.mjs';
// @ts-expect-error plain ESM helper shared with scripts/test.mjs
import { startPgCluster } from '../../lib/pg-cluster.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The p-th percentile of ascending `sorted` (nearest rank at or below), NaN when empty. */
export const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export interface Postgres {
  url: string;
  bin: string;
  stop(): void;
}

/**
 * DATABASE_URL if given (its database is used as is), else a throwaway server on this host, which
 * the API and pgbench alike reach through its Unix socket, as an API beside its database would
 * (BENCH_PG_TCP=1: through 127.0.0.1 instead; on loopback TCP each round trip costs both sides
 * more CPU).
 */
export async function postgres(): Promise<Postgres> {
  const pgbench = spawnSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' }).stdout.trim();
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, bin: path.dirname(pgbench || '/usr/bin/pgbench'), stop() {} };
  }
  const cluster = await startPgCluster({ log: (m: string) => console.log(m) });
  const url = process.env.BENCH_PG_TCP === '1' ? cluster.url : cluster.socketUrl;
  console.log(`Benchmarks connect to ${url}`);
  return { ...cluster, url };
}

/** Opens the benchmark database, migrated and with the demo data. Close it before starting the API. */
export async function seededDatabase(pg: Postgres): Promise<Database> {
  const database = await openDatabase({ databaseUrl: pg.url, dataDir: '/tmp' });
  await database.migrate();
  await seedDemo(database.db);
  return database;
}

export interface ApiProcess {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs server/src/server.ts in its own process, as in production, and waits for /ready. */
export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  // BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the API under load.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', H5_DIR: '/nonexistent', ...env },
    stdio: ['ignore', process.env.BENCH_API_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const spawnedAt = Date.now();
  const deadline = spawnedAt + 1000 * Number(process.env.BENCH_API_READY_SECONDS ?? 60);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/ready`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('API did not become ready in time (BENCH_API_READY_SECONDS)');
    await new Promise((r) => setTimeout(r, 200));
  }
  // The periodic jobs make their first pass 10 s after start (jobs/scheduler.ts): let it be over
  // before anything is timed, as on a server that has been up for a while.
  await new Promise((r) => setTimeout(r, Math.max(0, spawnedAt + 12_000 - Date.now())));
  return {
    base,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** A header that differs from request to request: one of `values`, at random (e.g. riders' tokens). */
export interface HeaderChoice {
  name: string;
  values: readonly string[];
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  vary?: HeaderChoice;
}

/** The closed-loop load generator: wrk where installed (C, as pgbench is), else autocannon. */
export const loadGenerator: 'wrk' | 'autocannon' =
  process.env.BENCH_LOADGEN === 'autocannon' || spawnSync('sh', ['-c', 'command -v wrk']).status !== 0
    ? 'autocannon'
    : 'wrk';

/**
 * `connections` clients as fast as they can for `seconds`. With wrk (`apt-get install wrk`) the
 * load generator costs about a third of autocannon's CPU per request, which on a small machine is
 * CPU the API and PostgreSQL don't get; its CPU is counted (see `cpuMeter`) either way.
 */
export async function load(opts: LoadOptions & { connections: number; seconds: number }): Promise<LoadResult> {
  return loadGenerator === 'wrk' ? wrkLoad(opts) : autocannonLoad(opts);
}

async function autocannonLoad(opts: LoadOptions & { connections: number; seconds: number }): Promise<LoadResult> {
  const vary = opts.vary;
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    headers: opts.headers ?? {},
    method: opts.method ?? 'GET',
    ...(opts.body ? { body: opts.body } : {}),
    ...(vary
      ? {
          requests: [
            {
              setupRequest: (req) => ({
                ...req,
                headers: { ...(req.headers as Record<string, string> | undefined), [vary.name]: pick(vary.values) },
              }),
            },
          ],
        }
      : {}),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** A Lua long string holding `s` exactly (no escapes to get wrong). */
function luaString(s: string): string {
  let level = '';
  while (s.includes(`]${level}]`)) level += '=';
  return `[${level}[\n${s}]${level}]`;
}

async function wrkLoad(opts: LoadOptions & { connections: number; seconds: number }): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-wrk-'));
  try {
    const lines = [`wrk.method = ${luaString(opts.method ?? 'GET')}`];
    if (opts.body !== undefined) lines.push(`wrk.body = ${luaString(opts.body)}`);
    for (const [k, v] of Object.entries(opts.headers ?? {}))
      lines.push(`wrk.headers[ ${luaString(k)} ] = ${luaString(v)}`);
    if (opts.vary) {
      const values = path.join(dir, 'values.txt');
      if (opts.vary.values.some((v) => v.includes('\n'))) throw new Error('header values must be single lines');
      fs.writeFileSync(values, `${opts.vary.values.join('\n')}\n`);
      // Each of wrk's threads runs this script in its own Lua state.
      lines.push(
        'local values = {}',
        `for line in io.lines(${luaString(values)}) do values[#values + 1] = line end`,
        'local headers = {}',
        'for k, v in pairs(wrk.headers) do headers[k] = v end',
        // Every request is formatted once, at start, and request() only picks one. Formatting each
        // one as it went was part of wrk's CPU, which the API and PostgreSQL share: the load
        // generator's CPU per scan fell from 0.031–0.038 ms to 0.026–0.028 (pgbench's client: about
        // 0.013). For 20,000 riders it takes about 15 MB per thread.
        'local requests = {}',
        'function init(args)',
        '  math.randomseed(os.time() + math.floor(os.clock() * 1e9) + tonumber(tostring({}):sub(8), 16))',
        `  for i, v in ipairs(values) do headers[ ${luaString(opts.vary.name)} ] = v; requests[i] = wrk.format(nil, nil, headers) end`,
        'end',
        'function request() return requests[math.random(#requests)] end',
      );
    }
    const script = path.join(dir, 'load.lua');
    fs.writeFileSync(script, `${lines.join('\n')}\n`);
    const args = [
      '-t',
      '2',
      '-c',
      String(opts.connections),
      '-d',
      `${opts.seconds}s`,
      '--latency',
      '-s',
      script,
      opts.url,
    ];
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      let errors = '';
      child.stdout.on('data', (d: Buffer) => (text += d));
      child.stderr.on('data', (d: Buffer) => (errors += d));
      child.on('error', reject);
      // wrk reports a script error on stderr and carries on without the script: that is a failure.
      child.on('close', (code) =>
        code === 0 && !errors ? resolve(text) : reject(new Error(`wrk (exit ${code}): ${errors}${text}`)),
      );
    });
    const ms = (v: string | undefined) => {
      const m = /^([\d.]+)(us|ms|s|m)$/.exec(v ?? '');
      if (!m) return NaN;
      return Number(m[1]) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
    };
    const sockets = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    return {
      rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
      p50: ms(/\n\s+50%\s+(\S+)/.exec(out)?.[1]),
      p99: ms(/\n\s+99%\s+(\S+)/.exec(out)?.[1]),
      errors: sockets ? sockets.slice(1).reduce((n, x) => n + Number(x), 0) : 0,
      non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One kept-alive HTTP/1.1 connection, one request at a time, on a bare socket: a request is one
 * prepared buffer and a response is read up to its Content-Length. About half of node:http's
 * CPU per request, so at a fixed rate the load generator takes little from the API and the
 * database it shares the machine with.
 */
class BareConnection {
  #socket: net.Socket;
  #pending: { resolve(status: number): void; reject(err: Error): void } | null = null;
  #buffer: Buffer = Buffer.alloc(0);

  constructor(host: string, port: number) {
    this.#socket = net.connect({ host, port, noDelay: true });
    this.#socket.on('data', (chunk: Buffer) => this.#read(chunk));
    const fail = (err: Error) => {
      this.#pending?.reject(err);
      this.#pending = null;
    };
    this.#socket.on('error', fail);
    this.#socket.on('close', () => fail(new Error('connection closed')));
  }

  request(bytes: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#socket.write(bytes);
    });
  }

  #read(chunk: Buffer) {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end < 0 || !this.#pending) return;
    const head = this.#buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) {
      this.#pending.reject(new Error(`response without Content-Length: ${head.split('\r\n')[0]}`));
      this.#pending = null;
      this.#socket.destroy();
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (this.#buffer.length < total) return;
    this.#buffer = this.#buffer.subarray(total);
    const pending = this.#pending;
    this.#pending = null;
    pending.resolve(status);
  }

  close() {
    this.#socket.destroy();
  }
}

/**
 * An open-loop load at a steady `rate` per second: request i is due at start + i/rate, sent then
 * whatever earlier requests are doing, and its latency counts from when it was due (so a stalled
 * server is charged for the requests it delayed: no coordinated omission). autocannon's
 * `overallRate` is not this: each connection sends flat out until its per-second quota is used,
 * then idles to the next second, so "1,000/s" is bursts at full speed.
 */
export async function paced(
  opts: LoadOptions & {
    rate: number;
    seconds: number;
    /**
     * Kept-alive connections (default 64), as a proxy's upstream pool: requests due while all are
     * busy wait for one, their wait counted. Unbounded, a slow moment opens hundreds of new
     * connections and their set-up cost makes it slower still.
     */
    connections?: number;
  },
): Promise<LoadResult> {
  const url = new URL(opts.url);
  const body = opts.body === undefined ? '' : opts.body;
  const fixed =
    `${opts.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n` +
    Object.entries(opts.headers ?? {})
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    (body ? `content-length: ${Buffer.byteLength(body)}\r\n` : '');
  const requestBytes = () =>
    Buffer.from(`${fixed}${opts.vary ? `${opts.vary.name}: ${pick(opts.vary.values)}\r\n` : ''}\r\n${body}`);
  const capacity = opts.connections ?? 64;
  const open: BareConnection[] = [];
  const idle: BareConnection[] = [];
  const waiting: ((c: BareConnection) => void)[] = [];
  const acquire = (): Promise<BareConnection> | BareConnection => {
    const c = idle.pop();
    if (c) return c;
    if (open.length < capacity) {
      const fresh = new BareConnection(url.hostname, Number(url.port));
      open.push(fresh);
      return fresh;
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (c: BareConnection) => {
    const next = waiting.shift();
    if (next) next(c);
    else idle.push(c);
  };
  const total = Math.round(opts.rate * opts.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const start = performance.now() + 50;
  const inFlight: Promise<void>[] = [];
  const send = async (due: number) => {
    const c = await acquire();
    try {
      const status = await c.request(requestBytes());
      latencies.push(performance.now() - due);
      if (status < 200 || status >= 300) non2xx++;
      release(c);
    } catch {
      errors++;
      open.splice(open.indexOf(c), 1);
      c.close();
      const next = waiting.shift();
      if (next) void Promise.resolve(acquire()).then(next);
    }
  };
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      // Everything due by now goes out now (timers fire late; never skip a request).
      while (sent < total && start + (sent * 1000) / opts.rate <= now) {
        inFlight.push(send(start + (sent * 1000) / opts.rate));
        sent++;
      }
      if (sent >= total) return done();
      setTimeout(tick, Math.max(0, start + (sent * 1000) / opts.rate - performance.now()));
    };
    setTimeout(tick, 50);
  });
  await Promise.all(inFlight);
  for (const c of open) c.close();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / ((performance.now() - start) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    non2xx,
  };
}

export interface PgbenchResult {
  tps: number;
  p50: number;
  p99: number;
}

/**
 * pgbench running `sql` (a custom script, with \set lines allowed) at the same concurrency,
 * prepared statements, for `seconds`. Latency percentiles come from its per-transaction log.
 */
export function pgbench(opts: {
  pg: Postgres;
  url: string;
  sql: string;
  clients: number;
  seconds: number;
  /** pgbench's query protocol: `prepared` (default) or `simple` (parsed and planned every time). */
  protocol?: 'prepared' | 'simple' | 'extended';
  /**
   * Transactions per second on a schedule (`--rate`), as `paced` does for the API: each latency
   * counts from when the transaction was due (pgbench's schedule lag plus its run time).
   */
  rate?: number;
}): PgbenchResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-pgbench-'));
  fs.chmodSync(dir, 0o777);
  const script = path.join(dir, 'bench.sql');
  fs.writeFileSync(script, opts.sql);
  const u = new URL(opts.url);
  const args = [
    ...libpqArgs(u),
    '-n',
    '-M',
    opts.protocol ?? 'prepared',
    '-c',
    String(opts.clients),
    '-j',
    '2',
    '-T',
    String(opts.seconds),
    ...(opts.rate ? ['-R', String(opts.rate)] : []),
    '-f',
    script,
    '-l',
    '--log-prefix',
    path.join(dir, 'log'),
    u.pathname.slice(1) || 'postgres',
  ];
  const bin = fs.existsSync(path.join(opts.pg.bin, 'pgbench')) ? path.join(opts.pg.bin, 'pgbench') : 'pgbench';
  const res = spawnSync(bin, args, {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
  });
  if (res.status !== 0) throw new Error(`pgbench failed: ${res.stderr}`);
  const tps = Number(/tps = ([\d.]+)/.exec(res.stdout)?.[1] ?? NaN);
  const latencies: number[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.startsWith('log'))) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      // client_id transaction_no time script_no time_epoch time_us [schedule_lag]
      const fields = line.split(' ');
      const micros = Number(fields[2]) + (opts.rate ? Number(fields[6]) : 0);
      if (Number.isFinite(micros)) latencies.push(micros / 1000);
    }
  }
  latencies.sort((a, b) => a - b);
  fs.rmSync(dir, { recursive: true, force: true });
  return { tps, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Host, port and user of a URL as pgbench and psql take them. */
function libpqArgs(u: URL): string[] {
  return [
    // `?host=` (a socket folder) wins over the URL's host, as in libpq and node-postgres.
    '-h',
    u.searchParams.get('host') ?? u.hostname,
    '-p',
    u.searchParams.get('port') ?? (u.port || '5432'),
    '-U',
    decodeURIComponent(u.username) || 'postgres',
  ];
}

/** The server's WAL written so far (pg_stat_wal, PostgreSQL 14+): records, full-page images, bytes. */
export function walWritten(pg: Postgres, url: string): { records: number; fpi: number; bytes: number } {
  const u = new URL(url);
  const bin = fs.existsSync(path.join(pg.bin, 'psql')) ? path.join(pg.bin, 'psql') : 'psql';
  const res = spawnSync(
    bin,
    [
      ...libpqArgs(u),
      '-Atc',
      'select wal_records, wal_fpi, wal_bytes from pg_stat_wal',
      u.pathname.slice(1) || 'postgres',
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
    },
  );
  if (res.status !== 0) throw new Error(`psql failed: ${res.stderr}`);
  const [records, fpi, bytes] = res.stdout.trim().split('|').map(Number);
  return { records: records!, fpi: fpi!, bytes: bytes! };
}

/**
 * A prepared statement's SQL as a pgbench line: `$n` replaced by `values[n - 1]` (SQL expressions,
 * which may use pgbench `:variables`), so the baseline runs the route's own statements.
 */
export function asPgbench(text: string, values: readonly string[]): string {
  const line = text.replace(/\$(\d+)/g, (_m, n: string) => {
    const value = values[Number(n) - 1];
    if (value === undefined) throw new Error(`no value for $${n}`);
    return value;
  });
  return `${line.replace(/\s+/g, ' ').trim()};`;
}

/**
 * CPU seconds (user + system) a process has used so far, its exited threads included (Linux /proc),
 * plus, with `children`, what its exited and reaped child processes used.
 */
export function cpuSeconds(pid: number, children = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // utime, stime, cutime, cstime in clock ticks (USER_HZ = 100).
    return (f[11]! + f[12]! + (children ? f[13]! + f[14]! : 0)) / 100;
  } catch {
    return 0; // exited meanwhile
  }
}

/**
 * CPU seconds used so far by PostgreSQL (the benchmark's server is the only one running): every
 * live postgres process, and the backends that have exited (pgbench's), which the postmaster reaped.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        total += cpuSeconds(Number(entry), true);
    } catch {
      /* gone */
    }
  }
  return total;
}

/**
 * Where the CPU went between `start()` and `stop()`: the API, the load (this process and the wrk it
 * ran and reaped), PostgreSQL.
 */
export function cpuMeter(apiPid: number) {
  const read = () => ({ api: cpuSeconds(apiPid), client: cpuSeconds(process.pid, true), pg: postgresCpuSeconds() });
  const start = read();
  return {
    /** CPU milliseconds per operation in each part, for `operations` done since the meter started. */
    perOperation(operations: number) {
      const end = read();
      const ms = (k: 'api' | 'client' | 'pg') => ((end[k] - start[k]) * 1000) / operations;
      return { api: ms('api'), client: ms('client'), postgres: ms('pg') };
    },
  };
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/**
 * pgbench's client counts for a baseline at its best: half the API's pool, the pool, twice that,
 * and the API's own client count (sorted, without repeats).
 */
export function pgbenchClientCounts(pool: number, connections: number): number[] {
  return [...new Set([Math.max(1, Math.floor(pool / 2)), pool, 2 * pool, connections])].sort((a, b) => a - b);
}
