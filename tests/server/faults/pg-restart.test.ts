import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/src/app.js';
import { loadConfig } from '../../../server/src/platform/config.js';
import { openDatabase, type Database } from '../../../server/src/db/client.js';
import { testEngine } from '../../support/engine.js';
import { ownPostgres, startApi, tempDir, type ApiProcess, type OwnPostgres } from '../../support/faults.js';
import { buildLoad, expectExactState, runLoad, type Seen } from './load.js';

// PostgreSQL restarted under load: the API (a real server process with its connection pool)
// answers only clear 503s while the database is away, answers again by itself once it is back,
// and the clients' retries with their idempotency keys leave exactly what they were told.
// On PGlite the database lives inside the API process: there is no server to restart, so this
// fault cannot happen there.
const describeOnPostgres = testEngine() === 'postgres' ? describe : describe.skip;

describeOnPostgres('PostgreSQL restarted mid-load (not applicable on PGlite: the database is in-process)', () => {
  let pgServer: OwnPostgres;
  let api: ApiProcess | undefined;
  let database: Database;
  let app: FastifyInstance;
  const dataDir = tempDir('nx-faults-data-');

  beforeAll(async () => {
    pgServer = await ownPostgres();
    // The API migrates its database as it starts.
    api = await startApi({
      DATABASE_URL: pgServer.url,
      DATA_DIR: dataDir,
      ACCESS_DEDUPE_SECONDS: '300',
    });
    database = await openDatabase({ databaseUrl: pgServer.url, dataDir: '/nonexistent', poolSize: 4 });
    // In process only to sign tokens and set up through the same use cases.
    app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', H5_DIR: '/nonexistent' }), database });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    await app?.close();
    await database?.close();
    pgServer?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('only 503 DB_UNAVAILABLE with Retry-After meanwhile, back by itself, nothing lost or doubled', async () => {
    const load = await buildLoad(app, database.db, { riders: 6, rounds: 5 });
    const seen: Seen[] = [];
    const base = api!.base;
    const deadline = Date.now() + 60_000;
    const running = runLoad(() => base, load.ops, { clients: 8, retry: true, deadline, seen });

    // Restart once a good part of the load has been answered, with requests in flight.
    while (load.ops.filter((o) => o.acked).length < load.ops.length / 3) await new Promise((r) => setTimeout(r, 20));
    await pgServer.stop();
    // Down for a while: requests keep coming and must get a quick, clear answer.
    const down = Date.now();
    while (Date.now() - down < 1500) await new Promise((r) => setTimeout(r, 50));
    const probe = await fetch(`${base}/api/v1/report-categories`, {
      headers: { authorization: `Bearer ${load.ops[0]!.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    const probeBody: unknown = await probe.json();
    await pgServer.start();
    const back = Date.now();
    // The API answers again by itself (no restart of it) well within 20 s.
    let ready = false;
    while (!ready && Date.now() - back < 20_000) {
      ready = (await fetch(`${base}/ready`).catch(() => null))?.ok ?? false;
      if (!ready) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready).toBe(true);
    await running;

    // While the database was away: a 503 with a stable code, a Chinese message and a retry hint.
    expect(probe.status).toBe(503);
    expect(probe.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(probeBody).toMatchObject({ code: 'DB_UNAVAILABLE', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
    // Every refusal the clients saw was that 503: no 500, no hang (status -1), no other code.
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen)
      expect(s).toEqual({
        status: 503,
        code: 'DB_UNAVAILABLE',
        message: expect.any(String),
        retryAfter: expect.stringMatching(/^\d+$/),
      });

    await expectExactState(database.db, load, null);
    // The API process never fell over.
    expect(api!.child.exitCode).toBeNull();
  }, 420_000);
});
