// Benchmark: the sign-up rush — POST /api/v1/activities/:id/signup on PostgreSQL, RIDERS riders
// (default 2,000, each with their own token) signing up for an activity of SEATS seats (default
// 100) as fast as CONNECTIONS clients can send, every rider once: the first SEATS get a seat, the
// rest the waiting list. Every sign-up locks the activity's row (activities/signup.ts), so the rush
// is serial at the database by design; the question is how much the API adds to that. Against it,
// pgbench runs the same transaction (lock, the rider's row, count of the confirmed, next arrival
// number (one statement), insert, the rider's attendance count and place in the queue (one
// statement) — the statements signUp runs, prepared), each transaction a new rider, each 2,000 a new activity, at half the API's
// sessions, as many, twice that, and as many clients as the API has; the ratio is given against
// the best of them. Each round is a fresh activity; the numbers are medians of the rounds.
// Target: API/pgbench ratio ≥ 0.5.
import { createHmac } from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { loadConfig } from '@nuanxin/server/platform/config';
import {
  cpuMeter,
  fmt,
  median,
  percentile,
  pgbench,
  pgbenchClientCounts,
  type PgbenchResult,
  postgres,
  seededDatabase,
  startApi,
} from './lib/harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const RIDERS = Number(process.env.BENCH_RIDERS ?? 2_000);
const SEATS = Number(process.env.BENCH_SEATS ?? 100);
/** The API's PostgreSQL connections, as access-scan sizes them. */
const POOL = Number(process.env.BENCH_POOL ?? 4 * os.availableParallelism());
const PGBENCH_CLIENTS = pgbenchClientCounts(POOL, CONNECTIONS);
/** Activities pgbench's rushes use (a new one every RIDERS sign-ups). */
const PGBENCH_ACTIVITIES = Number(process.env.BENCH_PGBENCH_ACTIVITIES ?? 400);

/** Rider n and activity n, the same expressions in SQL and here. */
const riderId = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const RIDER_ID_SQL = (n: string) => `('00000000-0000-4000-a000-' || lpad(${n}::text, 12, '0'))::uuid`;
const apiActivity = (round: number) => `00000000-0000-4000-c000-${String(round).padStart(12, '0')}`;
const PG_ACTIVITY_SQL = (n: string) => `('00000000-0000-4000-b000-' || lpad(${n}::text, 12, '0'))::uuid`;

/** An access token as the API issues it (HS256, sub and role), signed with the same secret. */
function accessToken(secret: string, sub: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, role: 'rider', iat, exp: iat + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

interface RushResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Every token once, `connections` requests in flight; latency per request, rate over the whole rush. */
async function rush(opts: { url: string; method: 'GET' | 'POST'; tokens: string[]; connections: number }) {
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < opts.tokens.length) {
      const token = opts.tokens[next++]!;
      const t0 = performance.now();
      try {
        const res = await fetch(opts.url, {
          method: opts.method,
          headers: { authorization: token, ...(opts.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
          ...(opts.method === 'POST' ? { body: '{}' } : {}),
        });
        await res.arrayBuffer();
        if (res.status < 200 || res.status >= 300) non2xx++;
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    non2xx,
  } satisfies RushResult;
}

/** An activity open for sign-up with one session the day after tomorrow, SEATS seats. */
const activityRows = (idSql: string, from: string) => `
  WITH a AS (
    INSERT INTO activities (id, title, kind, lat, lng, address, district_id, capacity,
                            signup_opens_at, signup_closes_at, starts_at, ends_at)
      SELECT ${idSql}, '压测活动' || n, '课程', 39.92, 116.46, '呼家楼驿站', (SELECT id FROM districts ORDER BY id LIMIT 1),
             ${SEATS}, now() - interval '1 day', now() + interval '1 day',
             now() + interval '2 days', now() + interval '2 days 2 hours'
        FROM ${from}
      RETURNING id, starts_at, ends_at)
  INSERT INTO activity_sessions (activity_id, seq, starts_at, ends_at) SELECT id, 1, starts_at, ends_at FROM a`;

const pgServer = await postgres();
try {
  const database = await seededDatabase(pgServer);
  await database.db.execute(sql`
    INSERT INTO users (id, openid, role, display_name)
      SELECT ${sql.raw(RIDER_ID_SQL('n'))}, 'bench:' || n, 'rider', '压测骑手' || n FROM generate_series(1, ${RIDERS}::int) AS n`);
  await database.db.execute(
    sql.raw(
      activityRows(
        `('00000000-0000-4000-c000-' || lpad(n::text, 12, '0'))::uuid`,
        `generate_series(1, ${ROUNDS + 1}) AS n`,
      ),
    ),
  );
  await database.db.execute(
    sql.raw(activityRows(PG_ACTIVITY_SQL('n'), `generate_series(1, ${PGBENCH_ACTIVITIES}) AS n`)),
  );
  // A steady state, not an empty table: last months' activities with their rushes behind them
  // (PAST activities, every rider signed up to each, SEATS confirmed), so the planner has statistics
  // of a table with rows and the prepared statements' plans use the activity's index, as deployed.
  const PAST = Number(process.env.BENCH_PAST_ACTIVITIES ?? 50);
  await database.db.execute(
    sql.raw(
      activityRows(`('00000000-0000-4000-d000-' || lpad(n::text, 12, '0'))::uuid`, `generate_series(1, ${PAST}) AS n`),
    ),
  );
  await database.db.execute(sql`
    INSERT INTO activity_signups (activity_id, rider_id, status, seq, created_at, updated_at)
      SELECT ('00000000-0000-4000-d000-' || lpad(a::text, 12, '0'))::uuid, ${sql.raw(RIDER_ID_SQL('n'))},
             CASE WHEN n <= ${SEATS}::int THEN 'confirmed' ELSE 'waiting' END, n, now() - interval '30 days', now() - interval '30 days'
        FROM generate_series(1, ${PAST}::int) AS a, generate_series(1, ${RIDERS}::int) AS n`);
  await database.db.execute(sql`CREATE SEQUENCE bench_signup_seq`);
  await database.db.execute(sql`VACUUM ANALYZE`);
  await database.db.execute(sql`CHECKPOINT`);
  await database.close();

  const config = loadConfig({ NODE_ENV: 'development' });
  const api = await startApi({ DATABASE_URL: pgServer.url, DATABASE_POOL_SIZE: String(POOL) });
  try {
    const tokens = Array.from({ length: RIDERS }, (_, i) => `Bearer ${accessToken(config.jwtSecret, riderId(i + 1))}`);
    // Each rider's first call reads their principal; after that the guard's cache has it, as for a
    // rider who opened the app before the sign-up opened. One call per rider, untimed.
    const warm = await rush({ url: `${api.base}/api/v1/me`, method: 'GET', tokens, connections: CONNECTIONS });
    if (warm.errors > 0 || warm.non2xx > 0)
      throw new Error(`riders' first calls: ${warm.errors} errors, ${warm.non2xx} non-2xx`);
    const signupRush = (activity: string) =>
      rush({
        url: `${api.base}/api/v1/activities/${activity}/signup`,
        method: 'POST',
        tokens: [...tokens].sort(() => Math.random() - 0.5),
        connections: CONNECTIONS,
      });

    // The transaction signUp runs, for rider :n of activity :a (a new activity every RIDERS).
    const A = PG_ACTIVITY_SQL(':a');
    const R = RIDER_ID_SQL(':n');
    const sqlScript = [
      `SELECT nextval('bench_signup_seq') - 1 AS k \\gset`,
      `\\set n :k % ${RIDERS} + 1`,
      `\\set a :k / ${RIDERS} + 1`,
      'BEGIN;',
      `SELECT * FROM activities WHERE id = ${A} FOR UPDATE;`,
      `SELECT * FROM activity_signups WHERE activity_id = ${A} AND rider_id = ${R};`,
      `SELECT count(*) FILTER (WHERE status = 'confirmed') AS c, coalesce(max(seq), 0) + 1 AS q FROM activity_signups WHERE activity_id = ${A} \\gset`,
      `\\if :c < ${SEATS}`,
      `\\set st 1`,
      `\\else`,
      `\\set st 0`,
      `\\endif`,
      `INSERT INTO activity_signups (activity_id, rider_id, status, seq, subscriptions, created_at, updated_at)
         VALUES (${A}, ${R}, CASE WHEN :st = 1 THEN 'confirmed' ELSE 'waiting' END, :q, '{}', now(), now()) RETURNING *;`.replace(
        /\n\s*/g,
        ' ',
      ),
      `SELECT (SELECT count(*) FROM activity_attendances WHERE activity_id = ${A} AND rider_id = ${R}) AS attended,
              (SELECT count(*) FROM activity_signups WHERE activity_id = ${A} AND status = 'waiting' AND seq <= :q) AS position;`.replace(
        /\n\s*/g,
        ' ',
      ),
      'COMMIT;',
    ].join('\n');
    // Warm-up: one rush on its own activity, and pgbench briefly.
    const w = await signupRush(apiActivity(ROUNDS + 1));
    if (w.errors > 0 || w.non2xx > 0) throw new Error(`warm-up rush: ${w.errors} errors, ${w.non2xx} non-2xx`);
    pgbench({ pg: pgServer, url: pgServer.url, sql: sqlScript, clients: CONNECTIONS, seconds: 2 });

    const max: RushResult[] = [];
    const pg = new Map<number, PgbenchResult[]>(PGBENCH_CLIENTS.map((c) => [c, []]));
    for (let i = 0; i < ROUNDS; i++) {
      const meter = cpuMeter(api.child.pid!);
      const m = await signupRush(apiActivity(i + 1));
      const c = meter.perOperation(RIDERS);
      if (m.errors > 0 || m.non2xx > 0) throw new Error(`API round ${i}: ${m.errors} errors, ${m.non2xx} non-2xx`);
      // The rush's outcome: exactly SEATS seats, everyone else waiting, arrival numbers 1..RIDERS.
      const check = await fetchCounts(pgServer.url, apiActivity(i + 1));
      if (check.confirmed !== SEATS || check.waiting !== RIDERS - SEATS || check.maxSeq !== RIDERS) {
        throw new Error(`round ${i + 1}: ${JSON.stringify(check)}`);
      }
      console.log(
        `round ${i + 1} rush: ${fmt(m.rps, 0)} sign-ups/s, p50 ${fmt(m.p50)} ms, p99 ${fmt(m.p99)} ms; ` +
          `CPU per sign-up API ${fmt(c.api, 3)} ms, load generator ${fmt(c.client, 3)} ms, PostgreSQL ${fmt(c.postgres, 3)} ms; ` +
          `${check.confirmed} confirmed, ${check.waiting} waiting`,
      );
      max.push(m);
      let best = 0;
      for (const clients of PGBENCH_CLIENTS) {
        const b = pgbench({ pg: pgServer, url: pgServer.url, sql: sqlScript, clients, seconds: SECONDS });
        console.log(
          `round ${i + 1} pgbench, ${clients} clients: ${fmt(b.tps, 0)} tps, p50 ${fmt(b.p50)} ms, p99 ${fmt(b.p99)} ms`,
        );
        pg.get(clients)!.push(b);
        best = Math.max(best, b.tps);
      }
      console.log(`round ${i + 1} ratio API/pgbench's best: ${fmt(m.rps / best, 2)}`);
    }
    const row = (rs: { p50: number; p99: number }[], rps: number) => ({
      'req/s': fmt(rps, 0),
      'p50 ms': fmt(median(rs.map((r) => r.p50))),
      'p99 ms': fmt(median(rs.map((r) => r.p99))),
    });
    const maxRps = median(max.map((r) => r.rps));
    const pgTps = new Map([...pg].map(([clients, rs]) => [clients, median(rs.map((r) => r.tps))]));
    const [bestClients, bestTps] = [...pgTps].reduce((a, b) => (b[1] > a[1] ? b : a));
    console.log(
      `\nPOST /api/v1/activities/:id/signup — PostgreSQL, a rush of ${RIDERS} riders for ${SEATS} seats, ${CONNECTIONS} connections (fetch), API pool ${POOL}, ${ROUNDS} rounds (medians)`,
    );
    console.table({
      'API sign-up rush': row(max, maxRps),
      ...Object.fromEntries(
        [...pg].map(([clients, rs]) => [`pgbench same SQL, ${clients} clients`, row(rs, pgTps.get(clients)!)]),
      ),
    });
    console.log(`rounds API sign-ups/s: ${max.map((r) => fmt(r.rps, 0)).join(', ')}`);
    for (const [clients, rs] of pg)
      console.log(`rounds pgbench tps, ${clients} clients: ${rs.map((r) => fmt(r.tps, 0)).join(', ')}`);
    console.log(
      `ratio API/pgbench (target ≥ 0.5): ${fmt(maxRps / bestTps, 2)} against pgbench's best (${bestClients} clients), ` +
        `${fmt(maxRps / pgTps.get(CONNECTIONS)!, 2)} at the same concurrency (${CONNECTIONS} clients)`,
    );
  } finally {
    await api.stop();
  }
} finally {
  pgServer.stop();
}

/** Confirmed, waiting and the highest arrival number of an activity, read after a rush. */
async function fetchCounts(url: string, activity: string) {
  const { openDatabase } = await import('@nuanxin/server/db/client');
  const db = await openDatabase({ databaseUrl: url, dataDir: '/tmp' });
  try {
    const [r] = (
      (await db.db.execute(sql`
        select count(*) filter (where status = 'confirmed')::int as confirmed,
               count(*) filter (where status = 'waiting')::int as waiting, max(seq)::int as "maxSeq"
          from activity_signups where activity_id = ${activity}::uuid`)) as unknown as { rows: unknown[] }
    ).rows as { confirmed: number; waiting: number; maxSeq: number }[];
    return r!;
  } finally {
    await db.close();
  }
}
