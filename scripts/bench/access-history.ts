// Benchmark: the gate scan (POST /api/v1/access/scans) at a paced rate with an empty access_events
// against the same with BENCH_EVENTS stored events (default 10,000,000 over BENCH_DAYS = 10 past
// Beijing days, one partition each, generated with generate_series straight in SQL), and the time
// to drop one day's partition (access_events_drop_partitions: the retention) — alone, and while
// scans run at the same rate. access_events is partitioned by Beijing day
// (server/src/access/sql/access_events_partitions.sql): a scan writes into today's partition only,
// so what it costs must not grow with the history.
// Each day's events go into a table of their own, then attached (indexes built in bulk, foreign keys
// checked once): what the machine allows in a few minutes. Issue #22's target is 100,000,000 events
// with p99 equal within noise and a drop under a second; say BENCH_EVENTS=100000000 on a bigger host.
import { createHmac } from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { loadConfig } from '@nuanxin/server/platform/config';
import { gateCodeUrl } from '@nuanxin/server/access/index';
import { openDatabase } from '@nuanxin/server/db/client';
import { seedId } from '@nuanxin/server/seed/demo';
import { fmt, median, paced, postgres, seededDatabase, startApi } from './lib/harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const RIDERS = Number(process.env.BENCH_RIDERS ?? 20_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const DAYS = Math.max(ROUNDS + 1, Number(process.env.BENCH_DAYS ?? 10));
const POOL = Number(process.env.BENCH_POOL ?? 4 * os.availableParallelism());

const RIDER_ID_SQL = (n: string) => `('00000000-0000-4000-a000-' || lpad(${n}::text, 12, '0'))::uuid`;
const riderId = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const DAY_MS = 86_400_000;
/** Beijing day (UTC+8) of an instant as YYYY-MM-DD. */
const beijingDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

function accessToken(secret: string, sub: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, role: 'rider', iat, exp: iat + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

const pgServer = await postgres();
try {
  const setup = await seededDatabase(pgServer);
  const community = seedId('community:C-HJL-01');
  const gates = [seedId('gate:C-HJL-01:east'), seedId('gate:C-HJL-01:north')];
  await setup.db.execute(sql`
    INSERT INTO users (id, openid, role, display_name)
      SELECT ${sql.raw(RIDER_ID_SQL('n'))}, 'bench:' || n, 'rider', '压测骑手' || n FROM generate_series(1, ${RIDERS}::int) AS n`);
  await setup.db.execute(sql`
    INSERT INTO passes (rider_id, community_id, status, decided_at)
      SELECT ${sql.raw(RIDER_ID_SQL('n'))}, ${community}::uuid, 'approved', now() FROM generate_series(1, ${RIDERS}::int) AS n`);
  await setup.db.execute(sql`
    INSERT INTO rider_profiles (user_id, real_name, phone, id_number_hash, id_last4, platform, station_name, vehicle_kind)
      SELECT ${sql.raw(RIDER_ID_SQL('n'))}, '压测骑手' || n, '1380000' || lpad(n::text, 4, '0'), md5('bench-id-' || n),
             lpad((n % 10000)::text, 4, '0'), 'meituan', '呼家楼站', 'e_bike'
        FROM generate_series(1, ${RIDERS}::int) AS n`);
  await setup.db.execute(sql`VACUUM ANALYZE`);
  await setup.db.execute(sql`CHECKPOINT`);
  await setup.close();

  const config = loadConfig({ NODE_ENV: 'development' });
  const api = await startApi({
    DATABASE_URL: pgServer.url,
    DATABASE_POOL_SIZE: String(POOL),
    ACCESS_SCAN_SKEW_SECONDS: '86400',
    ACCESS_DEDUPE_SECONDS: '0',
  });
  const db = await openDatabase({ databaseUrl: pgServer.url, dataDir: '/tmp', poolSize: 2 });
  try {
    const tokens = Array.from({ length: RIDERS }, (_, i) => `Bearer ${accessToken(config.jwtSecret, riderId(i + 1))}`);
    const warm = await paced({
      url: `${api.base}/api/v1/me`,
      vary: { name: 'authorization', values: tokens },
      rate: 2_000,
      seconds: RIDERS / 2_000,
    });
    if (warm.errors > 0 || warm.non2xx > 0) throw new Error(`warm-up: ${warm.errors} errors, ${warm.non2xx} non-2xx`);
    const request = {
      url: `${api.base}/api/v1/access/scans`,
      method: 'POST' as const,
      body: JSON.stringify({ code: gateCodeUrl(config.access, gates[0]!, 1), scannedAt: new Date().toISOString() }),
      headers: { 'content-type': 'application/json' },
      vary: { name: 'authorization', values: tokens },
    };
    const scans = async () => {
      const r = await paced({ ...request, rate: RATE, seconds: SECONDS });
      if (r.errors > 0 || r.non2xx > 0) throw new Error(`scans: ${r.errors} errors, ${r.non2xx} non-2xx`);
      return r;
    };
    const rounds = async (label: string) => {
      const out = [];
      for (let i = 0; i < ROUNDS; i++) {
        const r = await scans();
        console.log(`${label} round ${i + 1} at ${RATE}/s: p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms`);
        out.push(r);
      }
      return out;
    };
    const stored = async () => {
      const [row] = (
        (await db.db.execute(sql`SELECT count(*)::bigint AS n FROM access_events`)) as unknown as {
          rows: { n: string }[];
        }
      ).rows;
      return Number(row!.n);
    };

    await scans(); // warm-up, untimed
    const empty = await rounds('empty');
    const emptyStored = await stored();

    // History: DAYS past Beijing days, EVENTS/DAYS events each, spread over the day, random riders,
    // both gates, a quarter of them refusals.
    const perDay = Math.floor(EVENTS / DAYS);
    const today = Date.parse(`${beijingDay(Date.now())}T00:00:00+08:00`);
    const fillStart = Date.now();
    for (let d = DAYS; d >= 1; d--) {
      const lo = today - d * DAY_MS;
      const day = beijingDay(lo).replaceAll('-', '');
      const part = `access_events_p${day}`;
      const from = new Date(lo).toISOString();
      const to = new Date(lo + DAY_MS).toISOString();
      await db.db.execute(
        sql.raw(`CREATE TABLE ${part} (LIKE access_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`),
      );
      await db.db.execute(
        sql.raw(`INSERT INTO ${part} (gate_id, community_id, rider_id, method, granted, reason, scanned_at, created_at)
          SELECT (ARRAY['${gates[0]}', '${gates[1]}']::uuid[])[1 + n % 2], '${community}'::uuid,
                 ${RIDER_ID_SQL(`(1 + (n::bigint * 7919) % ${RIDERS})`)}, 'gate_code', n % 4 <> 0,
                 CASE WHEN n % 4 = 0 THEN 'NO_PASS' ELSE 'GRANTED' END, t, t
            FROM generate_series(1, ${perDay}) AS n,
                 LATERAL (SELECT '${from}'::timestamptz + (n::float8 / ${perDay}) * interval '1 day' AS t) AS x`),
      );
      await db.db.execute(
        sql.raw(`ALTER TABLE access_events ATTACH PARTITION ${part} FOR VALUES FROM ('${from}') TO ('${to}')`),
      );
      console.log(`day ${day}: ${perDay} events (${fmt((Date.now() - fillStart) / 1000, 0)} s so far)`);
    }
    await db.db.execute(sql`VACUUM ANALYZE access_events`);
    await db.db.execute(sql`CHECKPOINT`);
    const fillSeconds = (Date.now() - fillStart) / 1000;
    const fullStored = await stored();
    console.log(`stored ${fullStored} events in ${fmt(fillSeconds, 0)} s`);

    // The plans of the reads on access_events, on the stored history (they must use indexes and
    // prune to the partitions their times name).
    const rider = riderId(1);
    const plans: [string, string][] = [
      [
        'smart gate long-poll (device.ts)',
        `SELECT id, rider_id, created_at FROM access_events WHERE gate_id = '${gates[0]}' AND granted AND method = 'gate_code' AND offline_key IS NULL AND created_at > now() - interval '1 minute' ORDER BY created_at, id LIMIT 50`,
      ],
      [
        'access log, a day (events.ts)',
        `SELECT id FROM access_events WHERE community_id IN ('${community}') AND created_at >= '${new Date(today - 2 * DAY_MS).toISOString()}' AND created_at < '${new Date(today - DAY_MS).toISOString()}' ORDER BY created_at DESC, id DESC LIMIT 51`,
      ],
      [
        'access log, no range (events.ts)',
        `SELECT id FROM access_events WHERE community_id IN ('${community}') ORDER BY created_at DESC, id DESC LIMIT 51`,
      ],
      ['privacy export/delete by rider', `SELECT id FROM access_events WHERE rider_id = '${rider}'`],
      [
        'offline key lookup (scan.ts)',
        `SELECT e.id FROM access_offline_keys k JOIN access_events e ON e.id = k.event_id AND e.created_at = k.created_at WHERE k.rider_id = '${rider}' AND k.offline_key = 'x'`,
      ],
    ];
    for (const [label, text] of plans) {
      const result = (await db.db.execute(sql.raw(`EXPLAIN (COSTS OFF) ${text}`))) as unknown as {
        rows: { 'QUERY PLAN': string }[];
      };
      const lines = result.rows.map((r) => r['QUERY PLAN']);
      console.log(
        `plan, ${label}: ${lines.length} lines\n  ${lines.slice(0, 8).join('\n  ')}${lines.length > 8 ? '\n  …' : ''}`,
      );
    }

    const full = await rounds('full');

    // Retention: drop the oldest day, ROUNDS times alone; then once more while scans run.
    const drops: number[] = [];
    const dropOldest = async (k: number) => {
      const cutoff = new Date(today - (DAYS - k) * DAY_MS).toISOString();
      const t0 = performance.now();
      const [row] = (
        (await db.db.execute(sql`SELECT access_events_drop_partitions(${cutoff}::timestamptz) AS d`)) as unknown as {
          rows: { d: string[] }[];
        }
      ).rows;
      const ms = performance.now() - t0;
      if (row!.d.length !== 1) throw new Error(`expected one partition dropped, got ${JSON.stringify(row!.d)}`);
      console.log(`dropped ${row!.d[0]} (${perDay} events) in ${fmt(ms)} ms`);
      return ms;
    };
    for (let k = 1; k <= ROUNDS; k++) drops.push(await dropOldest(k));
    const during = scans();
    await new Promise((resolve) => setTimeout(resolve, (SECONDS * 1000) / 2));
    const dropDuring = await dropOldest(ROUNDS + 1);
    const scansDuring = await during;
    console.log(`scans while dropping: p50 ${fmt(scansDuring.p50)} ms, p99 ${fmt(scansDuring.p99)} ms`);

    const row = (rs: { p50: number; p99: number }[], n: number) => ({
      'stored events': n,
      'p50 ms': fmt(median(rs.map((r) => r.p50))),
      'p99 ms': fmt(median(rs.map((r) => r.p99))),
    });
    console.log(
      `\nPOST /api/v1/access/scans at ${RATE}/s — PostgreSQL, ${RIDERS} riders, API pool ${POOL}, ${ROUNDS} rounds × ${SECONDS}s (medians)`,
    );
    console.table({ 'empty access_events': row(empty, emptyStored), [`${DAYS} days stored`]: row(full, fullStored) });
    const p99Empty = median(empty.map((r) => r.p99));
    const p99Full = median(full.map((r) => r.p99));
    console.log(
      `rounds p99 empty: ${empty.map((r) => fmt(r.p99)).join(', ')}; full: ${full.map((r) => fmt(r.p99)).join(', ')}`,
    );
    console.log(`ratio p99 full/empty: ${fmt(p99Full / p99Empty, 2)} (target: equal within noise)`);
    console.log(
      `drop one day's partition (${perDay} events): median ${fmt(median(drops))} ms over ${ROUNDS}; ${fmt(dropDuring)} ms while scanning at ${RATE}/s (target < 1000 ms)`,
    );
  } finally {
    await db.close();
    await api.stop();
  }
} finally {
  pgServer.stop();
}
