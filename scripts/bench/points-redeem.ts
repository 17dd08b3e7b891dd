// Benchmark: POST /api/v1/points/redeem at 200 concurrent clients on PostgreSQL — redeems per
// second, p50/p99, successes and refusals, then the reconciliation result. Each client is its own
// rider; half the riders can afford only a few redeems, so refusals (POINTS_INSUFFICIENT) are part
// of the load. Riders pick at random from a catalog of BENCH_REWARDS rewards (default 8, at the two
// demo merchants), as riders do; a last round puts every redeem on ONE reward, whose stock row
// every redeem then locks until its commit is on disk: that figure is bounded by the disk's flush
// time (1 / fdatasync), whatever the code does, and is printed for comparison.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type { Db } from '@nuanxin/server/db/client';
import { rewards, users } from '@nuanxin/server/db/schema/index';
import {
  createTransfer,
  lockRiderAccount,
  reconcile,
  redeemStatement,
  SYSTEM_ACCOUNTS,
} from '@nuanxin/server/points/index';
import { seedId } from '@nuanxin/server/seed/demo';
import { asPgbench, fmt, median, pgbench, postgres, seededDatabase, startApi } from './lib/harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CLIENTS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const REWARDS = Number(process.env.BENCH_REWARDS ?? 8);

/** Rider n's and reward k's ids, the same expressions in SQL (for pgbench) and here. */
const riderId = (n: number) => `00000000-0000-4000-b000-${String(n).padStart(12, '0')}`;
const rewardId = (k: number) => `00000000-0000-4000-c000-${String(k).padStart(12, '0')}`;
const idSql = (block: string, n: string) => `('00000000-0000-4000-${block}-' || lpad(${n}::text, 12, '0'))::uuid`;

const pgServer = await postgres();
try {
  const database = await seededDatabase(pgServer);
  const catalog: string[] = [];
  for (let i = 0; i < REWARDS; i++) {
    const id = rewardId(i + 1);
    await database.db.insert(rewards).values({
      id,
      merchantId: seedId(i % 2 === 0 ? 'merchant:M-HJL-BARBER' : 'merchant:M-WJ-LAUNDRY'),
      title: i % 2 === 0 ? `压测理发${i}` : `压测洗衣${i}`,
      pricePoints: 1,
      stockPerPeriod: 10_000_000,
    });
    catalog.push(id);
  }
  // Riders as demo accounts, so the API issues their tokens through /auth/demo-login.
  const accounts: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const account = `bench-${randomBytes(4).toString('hex')}`;
    const [user] = await database.db
      .insert(users)
      .values({
        id: riderId(i + 1),
        openid: `bench:${account}`,
        role: 'rider',
        displayName: `压测骑手${i}`,
        demoAccount: account,
      })
      .returning({ id: users.id });
    await database.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const acc = await lockRiderAccount(tx, user!.id);
      await createTransfer(tx, {
        id: seedId(`bench-fund:${account}`),
        debitAccountId: SYSTEM_ACCOUNTS.issuance,
        creditAccountId: acc.id,
        // Even riders: plenty; odd riders: 5 redeems, then refusals.
        amount: i % 2 === 0 ? 1_000_000 : 5,
        kind: 'single',
        reason: 'staff_grant',
        sourceType: 'grant',
        sourceId: 'bench',
        note: '压测',
        createdAt: new Date(),
      });
    });
    accounts.push(account);
  }

  const api = await startApi({ DATABASE_URL: pgServer.url, LOGIN_RATE_LIMIT: '100000' });
  try {
    const tokens: string[] = [];
    for (const account of accounts) {
      const res = await fetch(`${api.base}/api/v1/auth/demo-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ account }),
      });
      tokens.push(((await res.json()) as { accessToken: string }).accessToken);
    }
    let seq = 0;
    const round = async (seconds: number, rewardIds: string[]) => {
      let nextClient = 0;
      const result = await autocannon({
        url: `${api.base}/api/v1/points/redeem`,
        connections: CLIENTS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            // Each connection is one rider; every request is a new redeem (a fresh idempotency key).
            setupRequest: (req, context) => {
              const ctx = context as { token?: string };
              ctx.token ??= tokens[nextClient++ % tokens.length];
              return {
                ...req,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.token}` },
                body: JSON.stringify({
                  rewardId: rewardIds[Math.floor(Math.random() * rewardIds.length)],
                  idempotencyKey: `b${(seq++).toString(36)}${randomBytes(4).toString('hex')}`,
                }),
              };
            },
          },
        ],
      });
      const by = (code: string) => result.statusCodeStats?.[code as `${number}`]?.count ?? 0;
      return {
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        ok: by('201'),
        refused: by('409'),
        other: result.non2xx - by('409') + result.errors + result.timeouts,
      };
    };
    await round(2, catalog); // warm-up
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round(SECONDS, catalog));
    const single = await round(SECONDS, catalog.slice(0, 1));
    // The same SQL the route runs for a random rider and reward (the function points_redeem with
    // fresh ids and Beijing periods; the guard's principal is cached), prepared, at the same
    // concurrency.
    const beijing = `(now() AT TIME ZONE 'Asia/Shanghai')`;
    const rider = idSql('b000', ':r');
    const script = [
      `\\set r random(1, ${CLIENTS})`,
      `\\set k random(1, ${REWARDS})`,
      asPgbench(redeemStatement.text, [
        rider,
        idSql('c000', ':k'),
        'gen_random_uuid()',
        'md5(random()::text)',
        'gen_random_uuid()',
        'md5(random()::text)',
        'now()',
        `date_trunc('month', ${beijing}) AT TIME ZONE 'Asia/Shanghai'`,
        `${beijing}::date`,
        `date_trunc('week', ${beijing})::date`,
        `date_trunc('month', ${beijing})::date`,
      ]),
    ].join('\n');
    const pg = [];
    for (let i = 0; i < ROUNDS; i++)
      pg.push(pgbench({ pg: pgServer, url: pgServer.url, sql: script, clients: CLIENTS, seconds: SECONDS }));
    const report = await reconcile(database.db);
    console.log(
      `\nPOST /api/v1/points/redeem — PostgreSQL, ${CLIENTS} concurrent clients, ${REWARDS} rewards, ${ROUNDS} rounds × ${SECONDS}s (medians)`,
    );
    console.table({
      'redeem (autocannon)': {
        'req/s': fmt(median(rounds.map((r) => r.rps)), 0),
        'p50 ms': fmt(median(rounds.map((r) => r.p50))),
        'p99 ms': fmt(median(rounds.map((r) => r.p99))),
        'ok (201)': rounds.reduce((s, r) => s + r.ok, 0),
        'refused (409)': rounds.reduce((s, r) => s + r.refused, 0),
        'errors/other': rounds.reduce((s, r) => s + r.other, 0),
      },
      'one reward (hot stock row)': {
        'req/s': fmt(single.rps, 0),
        'p50 ms': fmt(single.p50),
        'p99 ms': fmt(single.p99),
        'ok (201)': single.ok,
        'refused (409)': single.refused,
        'errors/other': single.other,
      },
      'pgbench same SQL': {
        'req/s': fmt(median(pg.map((r) => r.tps)), 0),
        'p50 ms': fmt(median(pg.map((r) => r.p50))),
        'p99 ms': fmt(median(pg.map((r) => r.p99))),
        'ok (201)': '',
        'refused (409)': '',
        'errors/other': '',
      },
    });
    console.log(
      `rounds req/s: ${rounds.map((r) => fmt(r.rps, 0)).join(', ')}; pgbench tps: ${pg.map((r) => fmt(r.tps, 0)).join(', ')}`,
    );
    console.log(
      `ratio API/pgbench: ${fmt(median(rounds.map((r) => r.rps)) / median(pg.map((r) => r.tps)), 2)}; target ≥ 500 redeems/s`,
    );
    for (const c of report.checks) if (!c.ok) console.log(`FAIL ${c.name}\n  ${c.details.join('\n  ')}`);
    console.log(
      `reconciliation: ${report.ok ? 'ok' : 'FAILED'} (${report.totals.transfers} transfers, ${report.totals.vouchers} vouchers)`,
    );
    if (!report.ok || [...rounds, single].some((r) => r.other > 0)) process.exitCode = 1;
  } finally {
    await api.stop();
  }
  await database.close();
} finally {
  pgServer.stop();
}
