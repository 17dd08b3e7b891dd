import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../../server/src/db/client.js';
import { REPO_ROOT } from '../../../server/src/platform/config.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { testEngine } from '../../support/engine.js';
import { accessTokenFor, bearer, createTwoScopes } from '../../fixtures/factories.js';
import { week } from '../stations/support.js';

// Read replicas (#22): a real PostgreSQL primary and a hot standby made from it by pg_basebackup,
// both logging every statement, so the test sees which server ran each query.
const describeOnPostgres = testEngine() === 'postgres' ? describe : describe.skip;

interface Cluster {
  url: string;
  port: number;
  bin: string;
  dir: string;
  stop(): void;
}
interface Standby {
  url: string;
  logFile: string;
  stop(): void;
  start(): void;
  destroy(): void;
}
interface PgClusterModule {
  startPgCluster(opts: { log?: (msg: string) => void; durable?: boolean }): Promise<Cluster>;
  startStandby(primary: Cluster, opts: { log?: (msg: string) => void }): Promise<Standby>;
}

/** What a server's log gained while `work` ran. */
async function loggedDuring(file: string, work: () => Promise<void>): Promise<string> {
  const from = fs.statSync(file).size;
  await work();
  // The statement is logged as it starts; give the logger a moment to write the line out.
  await new Promise((r) => setTimeout(r, 200));
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.statSync(file).size;
    const buf = Buffer.alloc(size - from);
    fs.readSync(fd, buf, 0, buf.length, from);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

describeOnPostgres('read replica (DATABASE_REPLICA_URL)', () => {
  let primary: Cluster;
  let standby: Standby;
  let t: TestContext;
  let s: Awaited<ReturnType<typeof createTwoScopes>>;
  const primaryLog = () => path.join(primary.dir, 'server.log');
  const as = (user: { id: string; role: string }) => bearer(accessTokenFor(t.app, user));

  /** Waits until the standby has replayed everything the primary has written so far. */
  async function caughtUp() {
    const p = new pg.Client({ connectionString: primary.url });
    const r = new pg.Client({ connectionString: standby.url });
    await Promise.all([p.connect(), r.connect()]);
    try {
      const { rows } = await p.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
      for (let i = 0; i < 200; i++) {
        const replayed = await r.query<{ ok: boolean }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [
          rows[0]!.lsn,
        ]);
        if (replayed.rows[0]!.ok) return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error('the standby did not catch up');
    } finally {
      await Promise.all([p.end(), r.end()]);
    }
  }

  const station = (name: string) => ({
    name,
    type: 'all_day',
    lat: 39.92,
    lng: 116.46,
    address: '朝阳区金台路 1 号',
    hours: { is24h: true, weekly: week([]), closures: [] },
    amenities: ['charging'],
    counts: { seats: 6, chargingPorts: 2, swapPorts: null },
    contact: { name: '张站长', phone: '010-12345678' },
  });

  beforeAll(async () => {
    const { startPgCluster, startStandby } = (await import(
      path.join(REPO_ROOT, 'scripts/lib/pg-cluster.mjs')
    )) as PgClusterModule;
    primary = await startPgCluster({ log: () => {}, durable: false });
    const admin = new pg.Client({ connectionString: primary.url });
    await admin.connect();
    // Copied to the standby by pg_basebackup: both log every statement with its parameters.
    await admin.query(`ALTER SYSTEM SET log_statement = 'all'`);
    await admin.query('select pg_reload_conf()');
    await admin.end();
    standby = await startStandby(primary, { log: () => {} });
    const database = await openDatabase({
      databaseUrl: primary.url,
      replicaUrl: standby.url,
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'nx-replica-')),
      poolSize: 4,
    });
    await database.migrate();
    t = await buildTestApp({ REPLICA_READ_AFTER_WRITE_SECONDS: '3' }, { database });
    s = await createTwoScopes(t.db);
    await caughtUp();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    standby?.destroy();
    primary?.stop();
  });

  it('runs a rider’s station search on the standby, not on the primary', async () => {
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stations',
      headers: as(s.a.streetOperator),
      payload: station('金台路全时驿站'),
    });
    expect(made.statusCode).toBe(201);
    await caughtUp();
    let body: { items: { name: string }[] } = { items: [] };
    const onPrimary = await loggedDuring(primaryLog(), async () => {
      const onStandby = await loggedDuring(standby.logFile, async () => {
        const res = await t.app.inject({
          method: 'GET',
          url: '/api/v1/stations/nearby?lat=39.92&lng=116.46&limit=5',
          headers: as(s.rider),
        });
        expect(res.statusCode).toBe(200);
        body = res.json();
      });
      expect(onStandby).toContain('stations_nearby(');
    });
    expect(onPrimary).not.toContain('stations_nearby(');
    expect(body.items.map((i) => i.name)).toContain('金台路全时驿站');
  });

  it('reads a caller’s own write back from the primary for a few seconds after it', async () => {
    let listed: { items: { name: string }[] } = { items: [] };
    const onStandby = await loggedDuring(standby.logFile, async () => {
      const onPrimary = await loggedDuring(primaryLog(), async () => {
        const made = await t.app.inject({
          method: 'POST',
          url: '/api/v1/stations',
          headers: as(s.a.streetOperator),
          payload: station('读己所写驿站'),
        });
        expect(made.statusCode).toBe(201);
        // At once, without waiting for the standby: the list must already hold it.
        const res = await t.app.inject({
          method: 'GET',
          url: `/api/v1/staff/stations?q=${encodeURIComponent('读己所写')}`,
          headers: as(s.a.streetOperator),
        });
        expect(res.statusCode).toBe(200);
        listed = res.json();
      });
      expect(onPrimary).toContain('%读己所写%');
    });
    expect(onStandby).not.toContain('%读己所写%');
    expect(listed.items.map((i) => i.name)).toEqual(['读己所写驿站']);

    // Once the window has passed, the same caller's reads go back to the standby.
    await new Promise((r) => setTimeout(r, 3_100));
    await caughtUp();
    const later = await loggedDuring(standby.logFile, async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/staff/stations?q=${encodeURIComponent('读己所写')}`,
        headers: as(s.a.streetOperator),
      });
      expect(res.json().items).toHaveLength(1);
    });
    expect(later).toContain('%读己所写%');
  });

  it('keeps answering from the primary while the standby is down', async () => {
    standby.stop();
    try {
      for (let i = 0; i < 3; i++) {
        const onPrimary = await loggedDuring(primaryLog(), async () => {
          const res = await t.app.inject({
            method: 'GET',
            url: '/api/v1/stations/nearby?lat=39.92&lng=116.46&limit=5',
            headers: as(s.rider),
          });
          expect(res.statusCode).toBe(200);
          expect(res.json().items.map((x: { name: string }) => x.name)).toContain('金台路全时驿站');
        });
        expect(onPrimary).toContain('stations_nearby(');
      }
      expect(t.database.replica?.up()).toBe(false);
      // Writes never needed the standby.
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/stations',
        headers: as(s.a.streetOperator),
        payload: station('备库停机时新建'),
      });
      expect(made.statusCode).toBe(201);
    } finally {
      standby.start();
    }
  });
});
