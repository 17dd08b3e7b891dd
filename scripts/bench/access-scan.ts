// Benchmark: POST /api/v1/access/scans (granted scans of a gate code) on PostgreSQL, at a fixed
// 1,000 scans/s and at maximum, against pgbench running the same SQL (the scan's one statement —
// context, decision, claim and event — prepared, as the API runs it; the guard's principal comes from
// its cache, auth/principal-cache.ts, once a rider has called once) at the same concurrency and, for
// the fixed rate, at the same rate. As at a real gate, scans come from many riders (BENCH_RIDERS,
// default 20,000, each with an approved pass, picked at random), and each scan is a full decision
// and a new event: the de-duplication window is 0 s for the API and pgbench alike. (At its default
// of 5 s, a random pick repeats a rider still inside the window — at 5,000 scans/s, 70 % of picks —
// and a repeat writes nothing, so the faster side would be measured on cheaper work.) Every rider
// also has a profile and yesterday's scans (see the setup), so the tables are as a running system's.
// The API's pool is sized as a deployment sizes it, about four times the database server's cores
// (README, DATABASE_POOL_SIZE); pgbench runs at maximum with half and as many sessions, twice that,
// and as many clients as the API has (CONNECTIONS), and the ratio is given against each and the
// best of them.
// Targets: p99 ≤ 20 ms at 1,000/s; API/pgbench ratio ≥ 0.5.
import { createHmac } from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { loadConfig } from '@nuanxin/server/platform/config';
import { EMPTY_GUIDE, gateCodeUrl, scanStatement } from '@nuanxin/server/access/index';
import { seedId } from '@nuanxin/server/seed/demo';
import {
  asPgbench,
  cpuMeter,
  type PgbenchResult,
  walWritten,
  fmt,
  load,
  loadGenerator,
  median,
  paced,
  pgbench,
  pgbenchClientCounts,
  postgres,
  postgresCpuSeconds,
  seededDatabase,
  startApi,
} from './lib/harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const RIDERS = Number(process.env.BENCH_RIDERS ?? 20_000);
/** The API's PostgreSQL connections. The throwaway server shares this machine; with DATABASE_URL, set BENCH_POOL for its host. */
const POOL = Number(process.env.BENCH_POOL ?? 4 * os.availableParallelism());
/** pgbench's client counts at maximum: half the API's sessions, as many, twice that, and the API's own clients. */
const PGBENCH_CLIENTS = pgbenchClientCounts(POOL, CONNECTIONS);

/** Rider n's id, the same expression in SQL and here: 00000000-0000-4000-a000-00000000000n. */
const riderId = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const RIDER_ID_SQL = (n: string) => `('00000000-0000-4000-a000-' || lpad(${n}::text, 12, '0'))::uuid`;

/** An access token as the API issues it (HS256, sub and role), signed with the same secret. */
function accessToken(secret: string, sub: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, role: 'rider', iat, exp: iat + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** WAL written per scan between two readings: bytes, and full-page images per 100 scans. */
const perScan = (a: ReturnType<typeof walWritten>, b: ReturnType<typeof walWritten>, scans: number) =>
  `${fmt((b.bytes - a.bytes) / scans, 0)} B (${fmt((100 * (b.fpi - a.fpi)) / scans, 1)} full-page images per 100)`;

const pgServer = await postgres();
try {
  const database = await seededDatabase(pgServer);
  const community = seedId('community:C-HJL-01');
  await database.db.execute(sql`
    INSERT INTO users (id, openid, role, display_name)
      SELECT ${sql.raw(RIDER_ID_SQL('n'))}, 'bench:' || n, 'rider', '压测骑手' || n FROM generate_series(1, ${RIDERS}::int) AS n`);
  await database.db.execute(sql`
    INSERT INTO passes (rider_id, community_id, status, decided_at)
      SELECT ${sql.raw(RIDER_ID_SQL('n'))}, ${community}::uuid, 'approved', now() FROM generate_series(1, ${RIDERS}::int) AS n`);
  // A steady state, not an empty system: every rider has the profile a pass requires, and a history
  // here — they came through this gate yesterday and another gate of the compound the day before
  // (events, and the de-duplication rows that today's scans update). On empty tables every pooled
  // connection caches its plans while `access_scan_latest` holds no rows and then scans it in full
  // as it grows, which a deployed system (analysed, and full of yesterday's rows) never does.
  await database.db.execute(sql`
    INSERT INTO rider_profiles (user_id, real_name, phone, id_number_hash, id_last4, platform, station_name, vehicle_kind)
      SELECT ${sql.raw(RIDER_ID_SQL('n'))}, '压测骑手' || n, '1380000' || lpad(n::text, 4, '0'), md5('bench-id-' || n),
             lpad((n % 10000)::text, 4, '0'), 'meituan', '呼家楼站', 'e_bike'
        FROM generate_series(1, ${RIDERS}::int) AS n`);
  const gates = [seedId('gate:C-HJL-01:east'), seedId('gate:C-HJL-01:north')];
  for (const [i, g] of gates.entries()) {
    const at = sql.raw(`now() - interval '${i + 1} days'`);
    await database.db.execute(sql`
      WITH e AS (
        INSERT INTO access_events (gate_id, community_id, rider_id, method, granted, reason, scanned_at, created_at)
          SELECT ${g}::uuid, ${community}::uuid, ${sql.raw(RIDER_ID_SQL('n'))}, 'gate_code', true, 'GRANTED', ${at}, ${at}
            FROM generate_series(1, ${RIDERS}::int) AS n
          RETURNING id, rider_id, gate_id, created_at)
      INSERT INTO access_scan_latest (rider_id, gate_id, event_id, reason, at) SELECT rider_id, gate_id, id, 'GRANTED', created_at FROM e`);
  }
  await database.db.execute(sql`VACUUM ANALYZE`);
  // And as a running server's WAL: after a checkpoint the setup's segments are recycled for new WAL
  // instead of new 16 MB files being created and zero-filled while scans wait on their commits.
  await database.db.execute(sql`CHECKPOINT`);
  await database.close();

  const config = loadConfig({ NODE_ENV: 'development' });
  const api = await startApi({
    DATABASE_URL: pgServer.url,
    DATABASE_POOL_SIZE: String(POOL),
    ACCESS_SCAN_SKEW_SECONDS: '86400',
    ACCESS_DEDUPE_SECONDS: '0',
  });
  try {
    const tokens = Array.from({ length: RIDERS }, (_, i) => `Bearer ${accessToken(config.jwtSecret, riderId(i + 1))}`);
    // Each rider's first call reads their principal; after that the guard's cache has it, as for a
    // rider who opened the app before reaching the gate. One call per rider, untimed.
    const warm = await paced({
      url: `${api.base}/api/v1/me`,
      vary: { name: 'authorization', values: tokens },
      rate: 2_000,
      seconds: RIDERS / 2_000,
    });
    if (warm.errors > 0 || warm.non2xx > 0)
      throw new Error(`riders' first calls: ${warm.errors} errors, ${warm.non2xx} non-2xx`);
    const gate = seedId('gate:C-HJL-01:east');
    const body = JSON.stringify({ code: gateCodeUrl(config.access, gate, 1), scannedAt: new Date().toISOString() });
    const url = `${api.base}/api/v1/access/scans`;
    const request = {
      url,
      method: 'POST' as const,
      body,
      headers: { 'content-type': 'application/json' },
      vary: { name: 'authorization', values: tokens },
    };
    // At maximum: CONNECTIONS clients flat out (wrk or autocannon, see `load`). At a fixed rate: one
    // scan every 1/RATE s (open loop, see `paced`), as riders arrive at gates independently.
    const scanLoad = (seconds: number, rate?: number) =>
      rate ? paced({ ...request, rate, seconds }) : load({ ...request, connections: CONNECTIONS, seconds });

    // The statement the route runs, prepared (access/scan.ts), for a random rider. Here the values
    // other than the rider are literals, which PostgreSQL can fold when it plans; the API's are
    // parameters of a generic plan, evaluated on every scan. So a costly expression of constants
    // shows up only on the API's side: the distance through ll_to_earth (no location, NULL) did,
    // until the scan measured it with great_circle_m (geo/sql/great_circle_m.sql).
    const since = 'now()'; // a window of 0 s, as the API's ACCESS_DEDUPE_SECONDS above
    const sqlScript = [
      `\\set n random(1, ${RIDERS})`,
      asPgbench(scanStatement.text, [
        `'${gate}'`,
        RIDER_ID_SQL(':n'),
        '1',
        'now()',
        since,
        'now()',
        'NULL',
        'NULL',
        String(EMPTY_GUIDE.requireLocation),
        String(EMPTY_GUIDE.maxDistanceM),
      ]),
    ].join('\n');
    await scanLoad(2);
    pgbench({ pg: pgServer, url: pgServer.url, sql: sqlScript, clients: CONNECTIONS, seconds: 2 });

    const fixed = [];
    const max = [];
    const pg = new Map<number, PgbenchResult[]>(PGBENCH_CLIENTS.map((c) => [c, []]));
    const pgFixed = [];
    for (let i = 0; i < ROUNDS; i++) {
      const fixedMeter = cpuMeter(api.child.pid!);
      const f = await scanLoad(SECONDS, RATE);
      const cf = fixedMeter.perOperation(RATE * SECONDS);
      const meter = cpuMeter(api.child.pid!);
      const walBefore = walWritten(pgServer, pgServer.url);
      const m = await scanLoad(SECONDS);
      const c = meter.perOperation(m.rps * SECONDS);
      const wal = perScan(walBefore, walWritten(pgServer, pgServer.url), m.rps * SECONDS);
      const split = (x: typeof c) =>
        `API ${fmt(x.api, 3)} ms, load generator ${fmt(x.client, 3)} ms, PostgreSQL ${fmt(x.postgres, 3)} ms`;
      console.log(`round ${i + 1} at ${RATE}/s: p50 ${fmt(f.p50)} ms, p99 ${fmt(f.p99)} ms; CPU per scan ${split(cf)}`);
      console.log(`round ${i + 1} at maximum: ${fmt(m.rps, 0)}/s; CPU per scan ${split(c)}; WAL per scan ${wal}`);
      for (const r of [f, m])
        if (r.errors > 0 || r.non2xx > 0) throw new Error(`API round ${i}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      fixed.push(f);
      max.push(m);
      let best = 0;
      for (const clients of PGBENCH_CLIENTS) {
        const pgBefore = postgresCpuSeconds();
        const pgWalBefore = walWritten(pgServer, pgServer.url);
        const b = pgbench({ pg: pgServer, url: pgServer.url, sql: sqlScript, clients, seconds: SECONDS });
        const pgCpu = ((postgresCpuSeconds() - pgBefore) * 1000) / (b.tps * SECONDS);
        const pgWal = perScan(pgWalBefore, walWritten(pgServer, pgServer.url), b.tps * SECONDS);
        console.log(
          `round ${i + 1} pgbench, ${clients} clients: ${fmt(b.tps, 0)} tps; PostgreSQL CPU per scan ${fmt(pgCpu, 3)} ms; WAL per scan ${pgWal}`,
        );
        pg.get(clients)!.push(b);
        best = Math.max(best, b.tps);
      }
      console.log(
        `round ${i + 1} ratio API max/pgbench: ${fmt(m.rps / pg.get(CONNECTIONS)!.at(-1)!.tps, 2)} same concurrency, ${fmt(m.rps / pg.get(POOL)!.at(-1)!.tps, 2)} same sessions, ${fmt(m.rps / best, 2)} pgbench's best`,
      );
      // The database alone at the same fixed rate: the floor under the API's p99 on this machine
      // (every scan commits, so the disk's flush times are in both).
      const pgFixedBefore = postgresCpuSeconds();
      const bf = pgbench({
        pg: pgServer,
        url: pgServer.url,
        sql: sqlScript,
        clients: CONNECTIONS,
        seconds: SECONDS,
        rate: RATE,
      });
      const pgFixedCpu = ((postgresCpuSeconds() - pgFixedBefore) * 1000) / (bf.tps * SECONDS);
      console.log(
        `round ${i + 1} pgbench at ${RATE}/s: p50 ${fmt(bf.p50)} ms, p99 ${fmt(bf.p99)} ms; PostgreSQL CPU per scan ${fmt(pgFixedCpu, 3)} ms`,
      );
      pgFixed.push(bf);
    }
    const row = (rs: { p50: number; p99: number }[], rps: number) => ({
      'req/s': fmt(rps, 0),
      'p50 ms': fmt(median(rs.map((r) => r.p50))),
      'p99 ms': fmt(median(rs.map((r) => r.p99))),
    });
    const maxRps = median(max.map((r) => r.rps));
    const pgTps = new Map([...pg].map(([clients, rs]) => [clients, median(rs.map((r) => r.tps))]));
    const [bestClients, bestTps] = [...pgTps].reduce((a, b) => (b[1] > a[1] ? b : a));
    const p99Fixed = median(fixed.map((r) => r.p99));
    console.log(
      `\nPOST /api/v1/access/scans — PostgreSQL, ${RIDERS} riders, ${CONNECTIONS} connections (${loadGenerator}), API pool ${POOL}, ${ROUNDS} rounds × ${SECONDS}s (medians)`,
    );
    console.table({
      [`API at ${RATE}/s`]: row(fixed, median(fixed.map((r) => r.rps))),
      'API at maximum': row(max, maxRps),
      [`pgbench same SQL at ${RATE}/s`]: row(pgFixed, median(pgFixed.map((r) => r.tps))),
      ...Object.fromEntries(
        [...pg].map(([clients, rs]) => [`pgbench same SQL, ${clients} clients`, row(rs, pgTps.get(clients)!)]),
      ),
    });
    console.log(`rounds API max req/s: ${max.map((r) => fmt(r.rps, 0)).join(', ')}`);
    for (const [clients, rs] of pg)
      console.log(`rounds pgbench tps, ${clients} clients: ${rs.map((r) => fmt(r.tps, 0)).join(', ')}`);
    console.log(
      `ratio API max/pgbench (target ≥ 0.5): ${fmt(maxRps / pgTps.get(CONNECTIONS)!, 2)} at the same concurrency (${CONNECTIONS} clients), ` +
        `${fmt(maxRps / pgTps.get(POOL)!, 2)} with the API's sessions (${POOL}), ${fmt(maxRps / bestTps, 2)} against pgbench's best (${bestClients} clients)`,
    );
    console.log(
      `p99 at ${RATE}/s: ${fmt(p99Fixed)} ms (target ≤ 20; pgbench alone at ${RATE}/s: ${fmt(median(pgFixed.map((r) => r.p99)))} ms)`,
    );
  } finally {
    await api.stop();
  }
} finally {
  pgServer.stop();
}
