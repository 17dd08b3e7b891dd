// Benchmark: the authenticated GET /api/v1/me on PostgreSQL, against pgbench running the same
// SQL (/me's query, prepared as the route runs it; the guard's principal comes from its cache, see
// auth/principal-cache.ts) at the same concurrency.
import { seedId } from '@nuanxin/server/seed/demo';
import { meRows } from '@nuanxin/server/auth/index';
import {
  asPgbench,
  fmt,
  load,
  loadGenerator,
  median,
  pgbench,
  postgres,
  seededDatabase,
  startApi,
} from './lib/harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

const pgServer = await postgres();
try {
  const database = await seededDatabase(pgServer);
  await database.close();

  const api = await startApi({ DATABASE_URL: pgServer.url });
  try {
    const login = await fetch(`${api.base}/api/v1/auth/demo-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'rider' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const userId = seedId('user:rider');

    // The statement the route runs, prepared (accounts/me.ts meRows); the guard's principal is cached.
    const sql = asPgbench(meRows.text, [`'${userId}'::uuid`]);
    // Warm-up both paths.
    await load({
      url: `${api.base}/api/v1/me`,
      headers: { authorization: `Bearer ${accessToken}` },
      connections: CONNECTIONS,
      seconds: 2,
    });
    pgbench({ pg: pgServer, url: pgServer.url, sql, clients: CONNECTIONS, seconds: 2 });

    const apiRounds = [];
    const pgRounds = [];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await load({
        url: `${api.base}/api/v1/me`,
        headers: { authorization: `Bearer ${accessToken}` },
        connections: CONNECTIONS,
        seconds: SECONDS,
      });
      if (r.errors > 0 || r.non2xx > 0) throw new Error(`API round ${i}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      apiRounds.push(r);
      pgRounds.push(pgbench({ pg: pgServer, url: pgServer.url, sql, clients: CONNECTIONS, seconds: SECONDS }));
    }
    const apiRps = median(apiRounds.map((r) => r.rps));
    const pgTps = median(pgRounds.map((r) => r.tps));
    console.log(`\nGET /api/v1/me — PostgreSQL, ${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS}s (medians)`);
    console.table({
      [`API /me (${loadGenerator})`]: {
        'req/s': fmt(apiRps, 0),
        'p50 ms': fmt(median(apiRounds.map((r) => r.p50))),
        'p99 ms': fmt(median(apiRounds.map((r) => r.p99))),
      },
      'pgbench same SQL': {
        'req/s': fmt(pgTps, 0),
        'p50 ms': fmt(median(pgRounds.map((r) => r.p50))),
        'p99 ms': fmt(median(pgRounds.map((r) => r.p99))),
      },
    });
    console.log(
      `ratio API/pgbench: ${fmt(apiRps / pgTps, 2)} (rounds: API ${apiRounds.map((r) => fmt(r.rps, 0)).join(', ')}; pgbench ${pgRounds.map((r) => fmt(r.tps, 0)).join(', ')})`,
    );
  } finally {
    await api.stop();
  }
} finally {
  pgServer.stop();
}
