// Benchmark: "the 20 nearest stations with a filter" among 100,000 stations across Beijing,
// through the code the API runs (nearbyStations → knnSearch → the SQL function stations_nearby) on
// PostgreSQL (throwaway server) and on PGlite (on disk, in process), against an in-memory KD-tree
// (kdbush + geokdbush) over the same points, filters and query positions, in the same run.
// Also checks on a sample of queries that both return the same ids and distances (≤ 1 m).
//   pnpm bench stations-nearby     (BENCH_STATIONS, BENCH_QUERIES, BENCH_ROUNDS, BENCH_RADIUS, BENCH_ENGINES=postgres,pglite)
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { openDatabase, type Database } from '@nuanxin/server/db/client';
import { stations } from '@nuanxin/server/db/schema/index';
import { loadConfig } from '@nuanxin/server/platform/config';
import { createStationsContext, stationValues, type StationsContext } from '@nuanxin/server/stations/index';
import { generateStations, pointSampler, registerDistricts, rng, type GeneratedStation } from '../stations/beijing.js';
import { fmt, median, percentile, postgres } from './lib/harness.js';
import { searchNearby, type NearbyBenchQuery } from './lib/nearby-search.js';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RADIUS_M = Number(process.env.BENCH_RADIUS ?? 5_000);
const ENGINES = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',');
const LIMIT = 20;
const SAMPLE = Math.min(QUERIES, 200);
/** earthdistance's sphere (earth() = 6378168 m) and geokdbush's (6371 km): same angles, other metres. */
const EARTH_M = 6378168;
const GEOKDBUSH_KM = 6371;

interface Query extends NearbyBenchQuery {
  label: string;
}
interface Stats {
  p50: number;
  p99: number;
  qps: number;
}

function stats(latencies: number[], totalMs: number): Stats {
  const s = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), qps: (latencies.length / totalMs) * 1000 };
}

/** Great-circle metres as earthdistance computes them (chord on its sphere → arc). */
function earthDistanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const xyz = (p: { lat: number; lng: number }) => {
    const la = (p.lat * Math.PI) / 180;
    const lo = (p.lng * Math.PI) / 180;
    return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)];
  };
  const [p, q] = [xyz(a), xyz(b)];
  const chord = Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
  return 2 * EARTH_M * Math.asin(chord / 2);
}

// ── data and queries ─────────────────────────────────────────────────────────────────────────
let t0 = performance.now();
const data: GeneratedStation[] = generateStations({ count: STATIONS, seed: 2024 });
const ids = data.map(() => randomUUID());
const indexOfId = new Map<string, number>(ids.map((id, i) => [id, i]));
const sample = pointSampler(rng(99));
const queries: Query[] = Array.from({ length: QUERIES }, (_, i) => {
  const p = sample();
  return i % 2 === 0
    ? { lat: p.lat, lng: p.lng, amenities: ['charging'], label: 'amenities ⊇ {charging}' }
    : { lat: p.lat, lng: p.lng, types: ['all_day', 'nuanxin'], label: 'type ∈ {all_day, nuanxin}' };
});
console.log(
  `${STATIONS} stations and ${QUERIES} query positions generated in ${fmt((performance.now() - t0) / 1000)} s`,
);

// ── KD-tree baseline ─────────────────────────────────────────────────────────────────────────
const kd = new KDBush(STATIONS);
for (const s of data) kd.add(s.lng, s.lat);
kd.finish();
const predicate = (q: Query) => {
  if (q.amenities) {
    const need = q.amenities;
    return (i: number) => need.every((a) => data[i]!.amenities.includes(a));
  }
  const types = q.types ?? [];
  return (i: number) => types.includes(data[i]!.type);
};
const maxKm = (RADIUS_M / EARTH_M) * GEOKDBUSH_KM;
const kdAnswer = (q: Query) => around(kd, q.lng, q.lat, LIMIT, maxKm, predicate(q));

function runKd(): Stats {
  const latencies: number[] = [];
  const start = performance.now();
  for (const q of queries) {
    const t = performance.now();
    kdAnswer(q);
    latencies.push(performance.now() - t);
  }
  return stats(latencies, performance.now() - start);
}

// ── our search on a database ─────────────────────────────────────────────────────────────────
async function load(database: Database) {
  const db = database.db;
  await database.migrate();
  const districtIds = await registerDistricts(db);
  const BATCH = 1000;
  await db.transaction(async (tx) => {
    for (let i = 0; i < data.length; i += BATCH) {
      await tx.insert(stations).values(
        data.slice(i, i + BATCH).map((s, j) => ({
          id: ids[i + j]!,
          externalId: s.externalId,
          ...stationValues(
            {
              name: s.name,
              type: s.type,
              lat: s.lat,
              lng: s.lng,
              address: s.address,
              hours: s.hours,
              amenities: s.amenities,
              counts: s.counts,
              contact: s.contact,
              photos: [],
            },
            { districtId: districtIds.get(s.districtAdcode)!, streetId: null },
          ),
          status: s.status,
          statusNote: s.statusNote,
        })),
      );
    }
  });
  // Steady state before measuring: a bulk load leaves work behind (autovacuum's first pass over
  // 100k new rows, the checkpoint of their pages) that would otherwise run during the rounds.
  await db.execute(sql`VACUUM (ANALYZE) stations`);
  await db.execute(sql`CHECKPOINT`);
}

const contexts = new WeakMap<Database, StationsContext>();
const search = (database: Database, q: Query) => {
  let ctx = contexts.get(database);
  if (!ctx) contexts.set(database, (ctx = createStationsContext(database.db, loadConfig())));
  return searchNearby(ctx, q, RADIUS_M, LIMIT);
};

/**
 * The timed rounds run in a process of their own (bench/lib/nearby-rounds.ts), as the API would:
 * this one holds 100,000 generated stations and the KD-tree (a ~450 MB heap), and its young-
 * generation collections (2–12 ms each, every ~100 queries) landed inside the timed calls.
 */
async function timedRounds(connection: {
  databaseUrl?: string;
  dataDir: string;
}): Promise<(Stats & { results: number })[]> {
  const child = fork(new URL('./lib/nearby-rounds.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const done = new Promise<(Stats & { results: number })[]>((resolve, reject) => {
    child.once('message', (m) => resolve(m as (Stats & { results: number })[]));
    child.once('exit', (code) => reject(new Error(`timed rounds exited with ${code}`)));
  });
  child.send({ connection, queries, rounds: ROUNDS, radiusM: RADIUS_M, limit: LIMIT });
  try {
    return await done;
  } finally {
    child.kill();
  }
}

/** Same ids in the same order as the KD-tree, and distances within 1 m, on the first SAMPLE queries. */
async function verify(database: Database) {
  let same = 0;
  let worstM = 0;
  for (const q of queries.slice(0, SAMPLE)) {
    const ours = (await search(database, q)).items;
    const theirs = kdAnswer(q);
    if (ours.length === theirs.length && ours.every((s, k) => indexOfId.get(s.id) === theirs[k])) same++;
    for (const [k, s] of ours.entries()) {
      const i = theirs[k];
      if (i === undefined) continue;
      // Ours is rounded to the metre (distanceM); theirs is the exact distance to the KD-tree's k-th point.
      worstM = Math.max(worstM, Math.abs((s.distanceM ?? NaN) - earthDistanceM(q, data[i]!)));
    }
  }
  return { matchRate: same / SAMPLE, worstM };
}

interface EngineResult {
  name: string;
  rounds: (Stats & { results: number })[];
  loadS: number;
  check: { matchRate: number; worstM: number };
}

async function benchEngine(
  name: string,
  open: () => Promise<{
    database: Database;
    connection: { databaseUrl?: string; dataDir: string };
    cleanup: () => void;
  }>,
): Promise<EngineResult> {
  const { database, connection, cleanup } = await open();
  let closed = false;
  try {
    t0 = performance.now();
    await load(database);
    const loadS = (performance.now() - t0) / 1000;
    console.log(`${name}: ${STATIONS} stations inserted + ANALYZE in ${fmt(loadS)} s`);
    const check = await verify(database);
    await database.close();
    closed = true;
    const rounds = await timedRounds(connection);
    rounds.forEach((r, i) =>
      console.log(`${name} round ${i + 1}: p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms, ${fmt(r.qps, 0)} q/s`),
    );
    return { name, rounds, loadS, check };
  } finally {
    if (!closed) await database.close();
    cleanup();
  }
}

const results: EngineResult[] = [];
if (ENGINES.includes('postgres')) {
  const server = await postgres();
  try {
    results.push(
      await benchEngine('PostgreSQL', async () => {
        const connection = { databaseUrl: server.url, dataDir: '/tmp' };
        const database = await openDatabase({ ...connection, poolSize: 4 });
        const version = (await database.db.execute(sql`SHOW server_version`)) as unknown as {
          rows: { server_version: string }[];
        };
        console.log(`PostgreSQL server_version ${version.rows[0]?.server_version}`);
        return { database, connection, cleanup: () => {} };
      }),
    );
  } finally {
    server.stop();
  }
}
if (ENGINES.includes('pglite')) {
  results.push(
    await benchEngine('PGlite', async () => {
      // As the server runs it without DATABASE_URL: PGlite on disk, in this process.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-bench-pglite-'));
      const database = await openDatabase({ dataDir });
      return { database, connection: { dataDir }, cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
    }),
  );
}
runKd(); // warm-up (JIT)
const kdRounds = Array.from({ length: ROUNDS }, () => runKd());

const med = (rs: Stats[], k: keyof Stats) => median(rs.map((r) => r[k]));
const kd50 = med(kdRounds, 'p50');
const kd99 = med(kdRounds, 'p99');
const kdQps = med(kdRounds, 'qps');
console.log(
  `\n20 nearest within ${RADIUS_M} m with a filter (half amenities ⊇ {charging}, half type ∈ {all_day, nuanxin}); ` +
    `${STATIONS} stations, ${QUERIES} queries, one client, medians of ${ROUNDS} rounds`,
);
const table: Record<string, Record<string, string>> = {};
for (const r of results) {
  table[`${r.name} (nearbyStations)`] = {
    'p50 ms': fmt(med(r.rounds, 'p50'), 3),
    'p99 ms': fmt(med(r.rounds, 'p99'), 3),
    'queries/s': fmt(med(r.rounds, 'qps'), 0),
    'p99 / kd p99': fmt(med(r.rounds, 'p99') / kd99, 0),
    'q/s / kd q/s': fmt(med(r.rounds, 'qps') / kdQps, 4),
    'rows/query': fmt(r.rounds[0]!.results, 1),
    'top-20 match': `${fmt(r.check.matchRate * 100, 1)} % of ${SAMPLE}`,
    'max Δdist m': fmt(r.check.worstM, 2),
  };
}
table['KD-tree (geokdbush, in memory)'] = {
  'p50 ms': fmt(kd50, 3),
  'p99 ms': fmt(kd99, 3),
  'queries/s': fmt(kdQps, 0),
  'p99 / kd p99': '1',
  'q/s / kd q/s': '1',
};
console.table(table);
const pg = results.find((r) => r.name === 'PostgreSQL');
if (pg) {
  const p99 = med(pg.rounds, 'p99');
  console.log(`target p99 ≤ 5 ms on PostgreSQL: ${fmt(p99, 2)} ms — ${p99 <= 5 ? 'met' : 'NOT met'}`);
}
const bad = results.filter((r) => r.check.matchRate < 1 || r.check.worstM > 1);
if (bad.length) {
  console.error(`results differ from the KD-tree on: ${bad.map((r) => r.name).join(', ')}`);
  process.exitCode = 1;
}
