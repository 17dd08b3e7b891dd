// Benchmark: the authenticated GET /api/v1/me on PostgreSQL, against pgbench running the same
// SQL (the guard's principal query + the two reads of /me) at the same concurrency.
import { seedId } from '@nuanxin/server/seed/demo';
import { fmt, load, median, pgbench, postgres, seededDatabase, startApi } from './lib/harness.js';

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

    // The same statements the route runs (see auth/guard.ts loadPrincipal, accounts/me.ts loadMe).
    const sql = `
SELECT u.role, u.status, u.tokens_valid_after, s.kind, s.ref_id FROM users u LEFT JOIN staff_scopes s ON s.user_id = u.id WHERE u.id = '${userId}';
SELECT u.*, s.kind, s.ref_id, coalesce(d.name, st.name, c.name, m.name) FROM users u
  LEFT JOIN staff_scopes s ON s.user_id = u.id
  LEFT JOIN districts d ON s.kind = 'district' AND d.id = s.ref_id
  LEFT JOIN streets st ON s.kind = 'street' AND st.id = s.ref_id
  LEFT JOIN communities c ON s.kind = 'community' AND c.id = s.ref_id
  LEFT JOIN merchants m ON s.kind = 'merchant' AND m.id = s.ref_id
  WHERE u.id = '${userId}';
`;
    // Warm-up both paths.
    await load({ url: `${api.base}/api/v1/me`, headers: { authorization: `Bearer ${accessToken}` }, connections: CONNECTIONS, seconds: 2 });
    pgbench({ pg: pgServer, url: pgServer.url, sql, clients: CONNECTIONS, seconds: 2 });

    const apiRounds = [];
    const pgRounds = [];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await load({ url: `${api.base}/api/v1/me`, headers: { authorization: `Bearer ${accessToken}` }, connections: CONNECTIONS, seconds: SECONDS });
      if (r.errors > 0 || r.non2xx > 0) throw new Error(`API round ${i}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      apiRounds.push(r);
      pgRounds.push(pgbench({ pg: pgServer, url: pgServer.url, sql, clients: CONNECTIONS, seconds: SECONDS }));
    }
    const apiRps = median(apiRounds.map((r) => r.rps));
    const pgTps = median(pgRounds.map((r) => r.tps));
    console.log(`\nGET /api/v1/me — PostgreSQL, ${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS}s (medians)`);
    console.table({
      'API /me (autocannon)': { 'req/s': fmt(apiRps, 0), 'p50 ms': fmt(median(apiRounds.map((r) => r.p50))), 'p99 ms': fmt(median(apiRounds.map((r) => r.p99))) },
      'pgbench same SQL': { 'req/s': fmt(pgTps, 0), 'p50 ms': fmt(median(pgRounds.map((r) => r.p50))), 'p99 ms': fmt(median(pgRounds.map((r) => r.p99))) },
    });
    console.log(`ratio API/pgbench: ${fmt(apiRps / pgTps, 2)} (rounds: API ${apiRounds.map((r) => fmt(r.rps, 0)).join(', ')}; pgbench ${pgRounds.map((r) => fmt(r.tps, 0)).join(', ')})`);
  } finally {
    await api.stop();
  }
} finally {
  pgServer.stop();
}
