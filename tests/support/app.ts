import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/src/app.js';
import { loadConfig, type Config } from '../../server/src/platform/config.js';
import type { Database, Db } from '../../server/src/db/client.js';
import { createTestDatabase, type TestDatabaseOptions } from './db.js';
import { auditResponses, scanForPrivacy } from './privacy.js';

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  database: Database;
  config: Config;
  /** Every log line the app wrote, for PII and secret checks. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * A built app on its own migrated database, on the engine of this run. Call close() in afterAll.
 * `{ demo: true }` starts the database from the demo data (what `seedDemo` writes).
 */
export async function buildTestApp(
  env: Record<string, string> = {},
  options: TestDatabaseOptions & {
    beforeReady?: (app: FastifyInstance) => void;
    /** Sees the database as soon as it exists, so a test can check it was closed after a failed build. */
    onDatabase?: (database: Database) => void;
    /** The clock of every job's use cases (default: the real one). */
    now?: () => Date;
    /** A database opened by the test (e.g. with a standby) instead of a fresh one; closed with the app. */
    database?: Database;
  } = {},
): Promise<TestContext> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    H5_DIR: '/nonexistent',
    WECHAT_API_BASE: 'http://127.0.0.1:9',
    ...env,
  });
  const database = options.database ?? (await createTestDatabase({ demo: options.demo }));
  options.onDatabase?.(database);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      const line = String(chunk);
      logs.push(line);
      scanForPrivacy(line, 'log');
      cb();
    },
  });
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({ config, database, logStream, now: options.now });
    // The privacy audit: every body this app sends is scanned (support/privacy-setup.ts fails the file).
    auditResponses(app);
    options.beforeReady?.(app);
    await app.ready();
  } catch (err) {
    // A failed build must not leak the database (nor, on PostgreSQL, leave it behind).
    await app?.close().catch(() => {});
    await database.close();
    throw err;
  }
  return {
    app,
    db: database.db,
    database,
    config,
    logs,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
