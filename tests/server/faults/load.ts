// The mixed load of the fault tests: points grants and redemptions, 随手拍 reports with a photo,
// and gate scans, each with the key that makes a retry the same operation. Clients retry what
// they were not told succeeded (a 503, a dropped connection) with the same key, as the app does.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { rowsOf, type Db } from '../../../server/src/db/client.js';
import { earningRules } from '../../../server/src/db/schema/index.js';
import { gateCodeUrl } from '../../../server/src/access/index.js';
import { reconcile } from '../../../server/src/points/index.js';
import { accessTokenFor, createMerchant, createUser } from '../../fixtures/factories.js';
import { applyAndApprove, createAccessWorld, register, scanBody } from '../../fixtures/access.js';
import { createReward, fundRider } from '../../fixtures/points.js';
import { createReportWorld, jpeg, multipart } from '../../fixtures/reports.js';
import { filesUnder } from '../../support/faults.js';

export interface Op {
  kind: 'grant' | 'redeem' | 'report' | 'scan';
  key: string;
  userId: string;
  token: string;
  url: string;
  json?: unknown;
  form?: { payload: Buffer; headers: Record<string, string> };
  /** The last answer: acked when 2xx. */
  status?: number;
  acked?: boolean;
}

/** Every non-2xx answer seen, to check that a fault shows only as clear 503s. */
export interface Seen {
  status: number;
  code?: string;
  message?: string;
  retryAfter: string | null;
}

export async function buildLoad(app: FastifyInstance, db: Db, size: { riders: number; rounds: number }) {
  await db.update(earningRules).set({ dailyCap: null, monthlyCap: null });
  const world = await createReportWorld(db);
  const access = await createAccessWorld(app, db);
  const merchant = await createMerchant(db, world.a1.id);
  const reward = await createReward(db, merchant.id, { pricePoints: 1, stockPerPeriod: 100_000 });
  const riders = await Promise.all(Array.from({ length: size.riders }, () => createUser(db, 'rider')));
  const token = (u: { id: string; role: string }) => accessTokenFor(app, u);
  for (const r of riders) {
    await fundRider(db, r.id, 1000);
    const auth = { authorization: `Bearer ${token(r)}` };
    await register(app, auth);
    await applyAndApprove(app, auth, access.a.community.id, access.adminA);
  }
  const photo = await jpeg(640, 480);
  const code = gateCodeUrl(app.config.access, access.gateA.id, access.gateA.codeVersion);
  const key = () => `f${randomBytes(8).toString('hex')}`;
  const ops: Op[] = [];
  for (let round = 0; round < size.rounds; round++) {
    for (const r of riders) {
      const k1 = key();
      ops.push({
        kind: 'grant',
        key: k1,
        userId: r.id,
        token: token(world.adminA),
        url: '/api/v1/points/grants',
        json: {
          riderId: r.id,
          streetId: world.a1.id,
          rule: 'volunteer_service',
          amount: 1,
          note: '故障测试',
          idempotencyKey: k1,
        },
      });
      const k2 = key();
      ops.push({
        kind: 'redeem',
        key: k2,
        userId: r.id,
        token: token(r),
        url: '/api/v1/points/redeem',
        json: { rewardId: reward.id, idempotencyKey: k2 },
      });
      ops.push({
        kind: 'report',
        key: key(),
        userId: r.id,
        token: token(r),
        url: '/api/v1/reports',
        form: multipart(
          {
            category: world.category.pothole.code,
            lat: world.points.a1.lat,
            lng: world.points.a1.lng,
            description: '故障测试：路面有坑',
          },
          [{ field: 'photos', data: photo }],
        ),
      });
    }
  }
  // One scan per rider at gate A, spread through the load (the de-duplication window is set long
  // enough that a retry is the same scan).
  riders.forEach((r, i) => {
    ops.splice(Math.floor(((i + 1) * ops.length) / (riders.length + 1)), 0, {
      kind: 'scan',
      key: r.id,
      userId: r.id,
      token: token(r),
      url: '/api/v1/access/scans',
      json: scanBody(code),
    });
  });
  return { world, access, riders, reward, admin: world.adminA, ops };
}

/** One try of an op; a dropped connection or no answer in 20 s is status 0. */
export async function send(base: string, op: Op, seen: Seen[]): Promise<number> {
  const headers: Record<string, string> = { authorization: `Bearer ${op.token}` };
  let body: string | Blob;
  if (op.form) {
    Object.assign(headers, op.form.headers, { 'idempotency-key': op.key });
    body = new Blob([new Uint8Array(op.form.payload)]);
  } else {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(op.json);
  }
  let status = 0;
  try {
    const res = await fetch(base + op.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(20_000) });
    status = res.status;
    const json = (await res.json()) as { code?: string; message?: string };
    if (status >= 300)
      seen.push({ status, code: json.code, message: json.message, retryAfter: res.headers.get('retry-after') });
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') seen.push({ status: -1, retryAfter: null });
    status = 0;
  }
  op.status = status;
  // A redemption refused for want of points would be an answer too; with 1,000 points each it does not happen.
  op.acked = status >= 200 && status < 300;
  return status;
}

/**
 * `clients` concurrent clients work through `ops`; an op not acked is retried (same key) after
 * `retryMs` until `deadline`. `stopWhen` ends the run early (e.g. the server was killed).
 */
export async function runLoad(
  base: () => string,
  ops: Op[],
  opts: { clients: number; retry: boolean; deadline: number; seen: Seen[]; stopWhen?: () => boolean },
) {
  let next = 0;
  const client = async () => {
    while (next < ops.length && !opts.stopWhen?.()) {
      const op = ops[next++]!;
      for (;;) {
        await send(base(), op, opts.seen);
        if (op.acked || !opts.retry || opts.stopWhen?.() || Date.now() > opts.deadline) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, client));
}

const count = async (db: Db, query: ReturnType<typeof sql>) =>
  Number(rowsOf<{ n: number }>(await db.execute(query))[0]!.n);

/**
 * The database and the photo folder hold exactly what the clients were told: one transfer per
 * grant key, one voucher per redeem key, one report (with its photo row and files) per report
 * key, one access event per scanning rider; the ledger reconciles; every photo file has its row
 * and every row its file, and nothing is left in staging.
 */
export async function expectExactState(
  db: Db,
  load: Awaited<ReturnType<typeof buildLoad>>,
  uploadDir: string | null,
): Promise<void> {
  const { ops, admin, reward, riders } = load;
  for (const op of ops)
    expect({ kind: op.kind, key: op.key, acked: op.acked }).toEqual({ kind: op.kind, key: op.key, acked: true });
  const riderIds = riders.map((r) => r.id);
  const ids = sql.join(
    riderIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  expect(
    await count(
      db,
      sql`SELECT count(*)::int AS n FROM point_transfers WHERE reason = 'staff_grant' AND created_by = ${admin.id}`,
    ),
  ).toBe(ops.filter((o) => o.kind === 'grant').length);
  expect(await count(db, sql`SELECT count(*)::int AS n FROM vouchers WHERE reward_id = ${reward.id}`)).toBe(
    ops.filter((o) => o.kind === 'redeem').length,
  );
  expect(await count(db, sql`SELECT count(*)::int AS n FROM reports WHERE reporter_id IN (${ids})`)).toBe(
    ops.filter((o) => o.kind === 'report').length,
  );
  expect(await count(db, sql`SELECT count(*)::int AS n FROM access_events WHERE rider_id IN (${ids})`)).toBe(
    riders.length,
  );
  await expectWhole(db, riders, uploadDir);
}

/**
 * Nothing half-written, whatever was acknowledged: every report of these riders has its one photo
 * row, the ledger reconciles, and (with `uploadDir`) every photo row has its display file, every
 * file its row, and nothing is left in staging.
 */
export async function expectWhole(db: Db, riders: { id: string }[], uploadDir: string | null): Promise<void> {
  const ids = sql.join(
    riders.map((r) => sql`${r.id}::uuid`),
    sql`, `,
  );
  expect(
    await count(
      db,
      sql`SELECT count(*)::int AS n FROM reports r WHERE r.reporter_id IN (${ids})
          AND (SELECT count(*) FROM report_photos p WHERE p.report_id = r.id) <> 1`,
    ),
  ).toBe(0);
  const ledger = await reconcile(db);
  expect(ledger.checks.filter((c) => !c.ok)).toEqual([]);
  if (uploadDir) {
    const keys = rowsOf<{ key: string }>(
      await db.execute(sql`SELECT storage_key AS key FROM report_photos p JOIN reports r ON r.id = p.report_id
                           WHERE r.reporter_id IN (${ids})`),
    ).map((r) => r.key);
    const files = filesUnder(uploadDir);
    // Nothing staged is left, every display file has its row, every row its display file.
    expect(files.filter((f) => f.startsWith('.tmp/'))).toEqual([]);
    const displays = files.filter((f) => f.endsWith('-display.jpg')).map((f) => f.replace(/-display\.jpg$/, ''));
    expect(displays.sort()).toEqual([...keys].sort());
    expect(files.filter((f) => !f.endsWith('-display.jpg') && !f.endsWith('-thumb.jpg'))).toEqual([]);
  }
}
