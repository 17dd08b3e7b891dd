// Benchmark: POST /api/v1/access/scans (a granted scan of a gate code) on PostgreSQL, at a fixed
// 1,000 scans/s and at maximum, against pgbench running the same SQL (the guard's principal
// query, the scan's one-round-trip read and the event insert) at the same concurrency.
// Targets: p99 ≤ 20 ms at 1,000/s; API/pgbench ratio ≥ 0.5.
import { loadConfig } from '@nuanxin/server/config';
import { gateCodeUrl } from '@nuanxin/server/access/codes';
import { seedId } from '@nuanxin/server/seed/demo';
import { fmt, load, median, pgbench, postgres, seededDatabase, startApi } from './lib/harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const RATE = Number(process.env.BENCH_RATE ?? 1000);

const pgServer = await postgres();
try {
  const database = await seededDatabase(pgServer);
  await database.close();

  // No de-duplication and no per-rider limit: every request is a full decision and an insert.
  const api = await startApi({
    DATABASE_URL: pgServer.url,
    ACCESS_DEDUPE_SECONDS: '0',
    ACCESS_SCAN_RATE_LIMIT: '100000',
    ACCESS_SCAN_SKEW_SECONDS: '86400',
  });
  try {
    const login = await fetch(`${api.base}/api/v1/auth/demo-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'rider' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const rider = seedId('user:rider');
    const gate = seedId('gate:C-HJL-01:east');
    const config = loadConfig({ NODE_ENV: 'development' });
    const body = JSON.stringify({ code: gateCodeUrl(config.access, gate, 1), scannedAt: new Date().toISOString() });
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const url = `${api.base}/api/v1/access/scans`;

    // The same statements the route runs (auth/guard.ts loadPrincipal, access/scan.ts).
    const sql = `
SELECT u.role, u.status, u.tokens_valid_after, s.kind, s.ref_id FROM users u LEFT JOIN staff_scopes s ON s.user_id = u.id WHERE u.id = '${rider}';
SELECT g.id, g.community_id, g.name, g.kind, g.lat, g.lng, g.active, g.code_version, c.name AS community_name, c.address,
  ca.require_location, ca.max_distance_m, ca.buildings, ca.parking, ca.transfer_point, ca.notes,
  p.status AS pass_status, p.expires_at AS pass_expires_at, coalesce(rp.suspended_at IS NOT NULL, false) AS suspended,
  EXISTS (SELECT 1 FROM passes op WHERE op.rider_id = '${rider}' AND op.status = 'approved') AS has_other_pass,
  last.id AS last_id, last.granted AS last_granted, last.reason AS last_reason, last.distance_m AS last_distance
FROM gates g JOIN communities c ON c.id = g.community_id
LEFT JOIN community_access ca ON ca.community_id = g.community_id
LEFT JOIN passes p ON p.community_id = g.community_id AND p.rider_id = '${rider}'
LEFT JOIN rider_profiles rp ON rp.user_id = '${rider}'
LEFT JOIN LATERAL (SELECT e.id, e.granted, e.reason, e.distance_m FROM access_events e WHERE e.rider_id = '${rider}' AND e.gate_id = g.id AND e.method = 'gate_code' AND e.created_at > now() - interval '0 seconds' ORDER BY e.created_at DESC LIMIT 1) last ON true
WHERE g.id = '${gate}';
INSERT INTO access_events (gate_id, community_id, rider_id, method, granted, reason, scanned_at, distance_m, created_at)
  VALUES ('${gate}', '${seedId('community:C-HJL-01')}', '${rider}', 'gate_code', true, 'GRANTED', now(), NULL, now()) RETURNING id;
`;
    await load({ url, headers, method: 'POST', body, connections: CONNECTIONS, seconds: 2 });
    pgbench({ pg: pgServer, url: pgServer.url, sql, clients: CONNECTIONS, seconds: 2 });

    const fixed = [];
    const max = [];
    const pg = [];
    for (let i = 0; i < ROUNDS; i++) {
      const f = await load({ url, headers, method: 'POST', body, connections: CONNECTIONS, seconds: SECONDS, overallRate: RATE });
      const m = await load({ url, headers, method: 'POST', body, connections: CONNECTIONS, seconds: SECONDS });
      for (const r of [f, m]) if (r.errors > 0 || r.non2xx > 0) throw new Error(`API round ${i}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      fixed.push(f);
      max.push(m);
      pg.push(pgbench({ pg: pgServer, url: pgServer.url, sql, clients: CONNECTIONS, seconds: SECONDS }));
    }
    const row = (rs: { p50: number; p99: number }[], rps: number) => ({ 'req/s': fmt(rps, 0), 'p50 ms': fmt(median(rs.map((r) => r.p50))), 'p99 ms': fmt(median(rs.map((r) => r.p99))) });
    const maxRps = median(max.map((r) => r.rps));
    const pgTps = median(pg.map((r) => r.tps));
    const p99Fixed = median(fixed.map((r) => r.p99));
    console.log(`\nPOST /api/v1/access/scans — PostgreSQL, ${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS}s (medians)`);
    console.table({
      [`API at ${RATE}/s`]: row(fixed, median(fixed.map((r) => r.rps))),
      'API at maximum': row(max, maxRps),
      'pgbench same SQL': row(pg, pgTps),
    });
    console.log(`ratio API max/pgbench: ${fmt(maxRps / pgTps, 2)} (target ≥ 0.5); p99 at ${RATE}/s: ${fmt(p99Fixed)} ms (target ≤ 20)`);
  } finally {
    await api.stop();
  }
} finally {
  pgServer.stop();
}
