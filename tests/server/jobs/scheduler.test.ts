import pg from 'pg';
import { sql } from 'drizzle-orm';
import { fromPool, rowsOf, type Database } from '../../../server/src/db/client.js';
import { loadConfig } from '../../../server/src/platform/config.js';
import { vouchers } from '../../../server/src/db/schema/index.js';
import { appJobs } from '../../../server/src/jobs.js';
import { runJob, startScheduler, type Job, type JobRun } from '../../../server/src/platform/scheduler.js';
import { withJobLock } from '../../../server/src/platform/job-lock.js';
import { redeem } from '../../../server/src/points/index.js';
import { createTestDatabase } from '../../support/db.js';
import { testEngine } from '../../support/engine.js';
import { createMerchant, createStreet, createDistrict, createUser } from '../../fixtures/factories.js';
import { actingAs, createReward, fundRider, newKey, pointsContext, principalOf } from '../../fixtures/points.js';

type Line = { level: string; obj: Record<string, unknown>; msg: string };

function memoryLog() {
  const lines: Line[] = [];
  const at = (level: string) => (obj: object, msg: string) =>
    lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, log: { info: at('info'), debug: at('debug'), error: at('error') } };
}

/** A gate the test opens when it wants a running job to finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Starts job `name` on `database` and resolves once it runs; it returns 'first' when `finish` is called. */
async function holdJob(database: Database, name: string) {
  const hold = gate();
  const started = gate();
  const done = withJobLock(database, name, async () => {
    started.open();
    await hold.opened;
    return 'first';
  });
  await started.opened;
  return { finish: hold.open, done };
}

describe('job scheduler: one runner per job across replicas (advisory lock), counts logged', () => {
  let database: Database & { url?: string };
  /** A second handle on the same database: another replica (its own pool on PostgreSQL). */
  let replica: Database;
  let closeReplica: () => Promise<void> = async () => {};

  beforeAll(async () => {
    database = await createTestDatabase();
    if (database.url) {
      const pool = new pg.Pool({ connectionString: database.url, max: 3 });
      replica = fromPool(pool);
      closeReplica = () => pool.end();
    } else {
      replica = database; // PGlite: one process, one handle
    }
  });
  afterAll(async () => {
    await closeReplica();
    await database.close();
  });

  it('while one runner holds a job, another replica skips it; the lock is free again afterwards', async () => {
    const held = await holdJob(database, 'test-exclusive');
    expect(await withJobLock(replica, 'test-exclusive', async () => 'second')).toEqual({ ran: false });
    // Another job's lock is independent.
    expect(await withJobLock(replica, 'test-other', async () => 'other')).toEqual({ ran: true, value: 'other' });
    held.finish();
    expect(await held.done).toEqual({ ran: true, value: 'first' });
    expect(await withJobLock(replica, 'test-exclusive', async () => 'again')).toEqual({ ran: true, value: 'again' });
  });

  it('running jobs never hold the connections their own queries need (a pool of one)', async () => {
    const small = database.url ? fromPool(new pg.Pool({ connectionString: database.url, max: 1 })) : database;
    try {
      const names = ['test-pool-a', 'test-pool-b', 'test-pool-c'];
      const all = Promise.all(
        names.map((name) =>
          withJobLock(small, name, async () => rowsOf<{ n: number }>(await small.db.execute(sql`select 1 as n`))[0]!.n),
        ),
      );
      const stuck = new Promise((resolve) => setTimeout(() => resolve('stuck'), 5000).unref());
      expect(await Promise.race([all, stuck])).toEqual(names.map(() => ({ ran: true, value: 1 })));
    } finally {
      if (small !== database) await small.close();
    }
  });

  (testEngine() === 'postgres' ? it : it.skip)(
    'a dropped lock session releases its locks, and the next pass opens a new one',
    async () => {
      const held = await holdJob(database, 'test-dropped');
      expect(await withJobLock(replica, 'test-dropped', async () => 'second')).toEqual({ ran: false });
      // Both processes' lock sessions (the replica's holds nothing): as if the connection were cut.
      await replica.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = 'nuanxin locks' and datname = current_database()`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await withJobLock(replica, 'test-dropped', async () => 'second')).toEqual({ ran: true, value: 'second' });
      held.finish();
      expect(await held.done).toEqual({ ran: true, value: 'first' });
      expect(await withJobLock(database, 'test-dropped', async () => 'again')).toEqual({ ran: true, value: 'again' });
    },
  );

  it('a failing pass releases the lock and is logged, never thrown', async () => {
    const { lines, log } = memoryLog();
    const boom: Job = { name: 'test-boom', intervalMs: 1000, run: async () => Promise.reject(new Error('boom')) };
    const run = await runJob(database, boom, log);
    expect(run.status).toBe('failed');
    expect(lines.at(-1)).toMatchObject({ level: 'error', msg: 'job failed', obj: { job: 'test-boom' } });
    expect(await withJobLock(replica, 'test-boom', async () => 1)).toEqual({ ran: true, value: 1 });
  });

  it('runs the app jobs on their intervals, logs each pass with its counts, and stops cleanly', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      JOB_VOUCHERS_INTERVAL_MS: '40',
      JOB_POINTS_EXPIRY_INTERVAL_MS: '40',
    });
    // An expired voucher for the vouchers job to void.
    const district = await createDistrict(database.db, '测试区');
    const street = await createStreet(database.db, district.id);
    const merchant = await createMerchant(database.db, street.id);
    const rider = await createUser(database.db, 'rider');
    const past = new Date(Date.now() - 30 * 86400_000);
    await fundRider(database.db, rider.id, 10, { at: past });
    const reward = await createReward(database.db, merchant.id, { pricePoints: 10, voucherValidDays: 2 });
    const ctx = pointsContext(database.db, past);
    const { voucher } = await redeem(actingAs(ctx, principalOf(rider.id)), {
      rewardId: reward.id,
      idempotencyKey: newKey(),
    });

    const { lines, log } = memoryLog();
    const runs: JobRun[] = [];
    const jobs = appJobs(database, config);
    expect(jobs.map((j) => j.name)).toEqual([
      'vouchers',
      'points-expiry',
      'access-purge',
      'access-partitions',
      'reports-auto-close',
      'reports-overdue-alerts',
      'reports-city',
      'legal-overdue-alerts',
      'pass-expiry-notices',
      'privacy-retention',
      'tasks-claim-expiry',
      'activity-reminders',
    ]);
    const stop = startScheduler(database, jobs, log, { firstRunDelayMs: 5, onRun: (run) => runs.push(run) });
    const deadline = Date.now() + 10_000;
    while (runs.filter((r) => r.job === 'vouchers' && r.status === 'done').length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await stop();
    const count = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(runs.length).toBe(count); // nothing runs after stop

    const done = runs.filter((r): r is Extract<JobRun, { status: 'done' }> => r.status === 'done');
    const voucherRuns = done.filter((r) => r.job === 'vouchers');
    expect(voucherRuns.length).toBeGreaterThanOrEqual(2);
    expect(voucherRuns[0]!.counts).toMatchObject({ vouchersExpired: 1, voucherNotices: 0 });
    expect(voucherRuns[1]!.counts).toMatchObject({ vouchersExpired: 0 }); // the rerun finds nothing to do
    expect(done.some((r) => r.job === 'points-expiry')).toBe(true);
    // access-purge runs daily: its first pass waits for min(first delay, interval) = 5 ms, then a day.
    expect(done.filter((r) => r.job === 'access-purge')).toHaveLength(1);
    // access-partitions made today's and the next 7 Beijing days' partitions of access_events.
    expect(done.find((r) => r.job === 'access-partitions')?.counts).toMatchObject({ daysAhead: 7 });
    expect(done.find((r) => r.job === 'reports-auto-close')?.counts).toMatchObject({ closed: 0 });
    expect(done.find((r) => r.job === 'reports-overdue-alerts')?.counts).toMatchObject({ alerted: 0, notices: 0 });
    expect(done.find((r) => r.job === 'legal-overdue-alerts')?.counts).toMatchObject({ alerted: 0, notices: 0 });
    const [row] = await database.db.select({ status: vouchers.status }).from(vouchers);
    expect(row?.status).toBe('expired');
    expect(voucher.id).toBeTruthy();
    const logged = lines.find((l) => l.msg === 'job done' && l.obj.job === 'vouchers');
    expect(logged?.obj).toMatchObject({ job: 'vouchers', vouchersExpired: 1, durationMs: expect.any(Number) });
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('two schedulers on the same database never run the same job at once', async () => {
    let running = 0;
    let overlaps = 0;
    let passes = 0;
    const job: Job = {
      name: 'test-overlap',
      intervalMs: 5,
      run: async () => {
        running++;
        if (running > 1) overlaps++;
        await new Promise((resolve) => setTimeout(resolve, 15));
        running--;
        passes++;
        return { passes };
      },
    };
    const quiet = memoryLog().log;
    const stopA = startScheduler(database, [job], quiet, { firstRunDelayMs: 1 });
    const stopB = startScheduler(replica, [job], quiet, { firstRunDelayMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await Promise.all([stopA(), stopB()]);
    expect(passes).toBeGreaterThan(3);
    expect(overlaps).toBe(0);
  });
});
