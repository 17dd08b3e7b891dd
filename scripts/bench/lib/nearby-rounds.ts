// The timed part of bench/stations-nearby.ts, in its own process: opens the loaded database,
// warms up, runs the queries one at a time for each round and sends back p50/p99/q/s per round.
import { performance } from 'node:perf_hooks';
import { openDatabase } from '@nuanxin/server/db/client';
import { loadConfig } from '@nuanxin/server/platform/config';
import { createStationsContext } from '@nuanxin/server/stations/index';
import { percentile } from './harness.js';
import { searchNearby, type NearbyBenchQuery } from './nearby-search.js';

interface Job {
  connection: { databaseUrl?: string; dataDir: string };
  queries: NearbyBenchQuery[];
  rounds: number;
  radiusM: number;
  limit: number;
}

process.once('message', async (job: Job) => {
  const database = await openDatabase({ ...job.connection, poolSize: 4 });
  const ctx = createStationsContext(database.db, loadConfig());
  const search = (q: NearbyBenchQuery) => searchNearby(ctx, q, job.radiusM, job.limit);
  for (const q of job.queries.slice(0, 200)) await search(q); // warm-up: JIT, plans, connections
  const rounds = [];
  for (let r = 0; r < job.rounds; r++) {
    const latencies: number[] = [];
    let results = 0;
    const start = performance.now();
    for (const q of job.queries) {
      const t = performance.now();
      const page = await search(q);
      latencies.push(performance.now() - t);
      results += page.items.length;
    }
    const total = performance.now() - start;
    latencies.sort((a, b) => a - b);
    rounds.push({
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      qps: (latencies.length / total) * 1000,
      results: results / job.queries.length,
    });
  }
  await database.close();
  process.send!(rounds, () => process.exit(0));
});
