import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/src/app.js';
import { loadConfig, REPO_ROOT } from '../../../server/src/platform/config.js';
import { rowsOf, type Database } from '../../../server/src/db/client.js';
import { earningRules, pointTransfers, vouchers } from '../../../server/src/db/schema/index.js';
import { derivedId, reconcile } from '../../../server/src/points/index.js';
import { createTestDatabase } from '../../support/db.js';
import { testEngine } from '../../support/engine.js';
import { createDistrict, createMerchant, createStreet, createUser } from '../../fixtures/factories.js';
import { createReward, fundRider } from '../../fixtures/points.js';
import { freePort } from '../../../scripts/lib/free-port.mjs';

// A real server process on the real PostgreSQL, killed with SIGKILL in the middle of a mixed
// load of grants (credits), redeems and confirms; then restarted and every request retried with
// its idempotency key. Only meaningful with a server that survives the client (PGlite lives in
// the process), so PostgreSQL only.
const describePostgres = testEngine() === 'postgres' ? describe : describe.skip;

async function startServer(url: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_MODE: 'false',
      H5_DIR: '/nonexistent',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return { base, child };
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error('server not ready in 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));

type Op = {
  kind: 'grant' | 'redeem' | 'confirm';
  key: string;
  riderId: string;
  token: string;
  url: string;
  body: unknown;
  acked?: boolean;
};

describePostgres('points survive SIGKILL of the server mid-load (PostgreSQL)', () => {
  let database: Database & { url?: string };
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', H5_DIR: '/nonexistent' }), database });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('nothing lost, nothing doubled, reconciliation passes (in process and as the script)', async () => {
    const db = database.db;
    // Caps off for this test: it is about crashes, not about rules.
    await db.update(earningRules).set({ dailyCap: null, monthlyCap: null });
    const district = await createDistrict(db);
    const street = await createStreet(db, district.id);
    const merchant = await createMerchant(db, street.id);
    const admin = await createUser(db, 'district_admin', [{ kind: 'district', refId: district.id }]);
    const merchantUser = await createUser(db, 'merchant', [{ kind: 'merchant', refId: merchant.id }]);
    const reward = await createReward(db, merchant.id, { pricePoints: 3, stockPerPeriod: 100_000 });
    const riders = await Promise.all(Array.from({ length: 30 }, () => createUser(db, 'rider')));
    for (const r of riders) await fundRider(db, r.id, 6);
    const token = (u: { id: string; role: string }) => app.jwt.sign({ sub: u.id, role: u.role as never });
    const adminToken = token(admin);
    const merchantToken = token(merchantUser);

    const ops: Op[] = [];
    const key = () => `c${randomBytes(8).toString('hex')}`;
    for (let round = 0; round < 12; round++) {
      for (const r of riders) {
        ops.push({
          kind: 'grant',
          key: key(),
          riderId: r.id,
          token: adminToken,
          url: '/api/v1/points/grants',
          body: {
            riderId: r.id,
            streetId: street.id,
            rule: 'volunteer_service',
            amount: 1,
            note: '压力测试',
            idempotencyKey: '',
          },
        });
        ops.push({
          kind: 'redeem',
          key: key(),
          riderId: r.id,
          token: token(r),
          url: '/api/v1/points/redeem',
          body: { rewardId: reward.id, idempotencyKey: '' },
        });
      }
    }
    for (const op of ops) (op.body as { idempotencyKey: string }).idempotencyKey = op.key;

    const send = async (base: string, op: Op) => {
      const res = await fetch(base + op.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${op.token}` },
        body: JSON.stringify(op.body),
      });
      const body = (await res.json()) as { code?: string; qrPayload?: string };
      return { status: res.status, body };
    };

    // Phase 1: 24 concurrent clients drive the load; the server is killed mid-way.
    let server = await startServer(database.url!);
    const confirms: Op[] = [];
    let next = 0;
    let redeemed = 0;
    let killed = false;
    const client = async () => {
      while (!killed && next < ops.length) {
        const op = ops[next++]!;
        try {
          const res = await send(server.base, op);
          op.acked = res.status < 300;
          // Every other voucher is confirmed by the merchant, in the same load.
          if (op.kind === 'redeem' && res.status === 201 && redeemed++ % 2 === 0) {
            const confirm: Op = {
              kind: 'confirm',
              key: op.key,
              riderId: op.riderId,
              token: merchantToken,
              url: '/api/v1/points/merchant/vouchers/confirm',
              body: { code: res.body.qrPayload },
            };
            confirms.push(confirm);
            const answer = await send(server.base, confirm);
            confirm.acked = answer.status < 300;
          }
        } catch {
          /* connection reset by the kill: this request's outcome is unknown */
        }
      }
    };
    const load = Promise.all(Array.from({ length: 24 }, client));
    // Kill once a good part of the load has been answered, while requests are in flight.
    while (ops.filter((o) => o.acked).length < ops.length / 3 && next < ops.length)
      await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    killed = true;
    await load;
    await exited(server.child);
    const ackedBeforeKill = ops.filter((o) => o.acked);
    expect(ackedBeforeKill.length).toBeGreaterThan(0);
    expect(ackedBeforeKill.length).toBeLessThan(ops.length);

    // Right after the crash, before any retry: every committed transfer is whole.
    expect((await reconcile(db)).checks.filter((c) => !c.ok)).toEqual([]);

    // Nothing acknowledged is lost.
    const grantId = (op: Op) => derivedId('grant', admin.id, op.key);
    const voucherId = (op: Op, riderId: string) => derivedId('voucher', riderId, op.key);
    for (const op of ackedBeforeKill) {
      if (op.kind === 'grant')
        expect(
          (
            await db
              .select()
              .from(pointTransfers)
              .where(eq(pointTransfers.id, grantId(op)))
          ).length,
        ).toBe(1);
      else
        expect(
          (
            await db
              .select()
              .from(vouchers)
              .where(eq(vouchers.id, voucherId(op, op.riderId)))
          ).length,
        ).toBe(1);
    }

    // Phase 2: restart and retry everything (acked or not) with the same keys, plus the confirms.
    server = await startServer(database.url!);
    try {
      for (const op of ops) {
        const res = await send(server.base, op);
        expect([200, 201, 409]).toContain(res.status);
        if (res.status === 409) expect(res.body.code).toBe('POINTS_INSUFFICIENT');
        if (op.acked) expect(res.status).toBe(200); // the same operation, not a new one
      }
      for (const c of confirms) {
        const res = await send(server.base, c);
        // Confirmed before the kill: now "already used"; otherwise confirmed now. Never twice.
        if (c.acked) expect(res.body.code).toBe('VOUCHER_USED');
        else expect([200, 409]).toContain(res.status);
      }
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }

    // Nothing doubled: one transfer per grant key, one voucher per successful redeem key.
    const [grants] = rowsOf<{ n: number }>(
      await db.execute(
        sql`SELECT count(*)::int AS n FROM point_transfers WHERE reason = 'staff_grant' AND created_by = ${admin.id}`,
      ),
    );
    expect(Number(grants!.n)).toBe(ops.filter((o) => o.kind === 'grant').length);
    const [holds] = rowsOf<{ n: number; points: number }>(
      await db.execute(
        sql`SELECT count(*)::int AS n, coalesce(sum(points), 0)::int AS points FROM vouchers WHERE reward_id = ${reward.id}`,
      ),
    );
    const [balances] = rowsOf<{ credits: number; debits: number }>(
      await db.execute(
        sql`SELECT sum(credits_posted)::int AS credits, sum(debits_posted + debits_pending)::int AS debits FROM point_accounts WHERE kind = 'rider'`,
      ),
    );
    expect(Number(balances!.credits)).toBe(riders.length * 6 + Number(grants!.n));
    expect(Number(balances!.debits)).toBe(Number(holds!.points));
    const [used] = rowsOf<{ n: number }>(
      await db.execute(sql`SELECT count(*)::int AS n FROM vouchers WHERE status = 'used'`),
    );
    expect(Number(used!.n)).toBe(confirms.length);

    const report = await reconcile(db);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    const script = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/points/reconcile.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test', DATABASE_URL: database.url! },
      encoding: 'utf8',
    });
    expect(script.stdout).toContain('reconciliation: ok');
    expect(script.status).toBe(0);
  }, 240_000);
});
