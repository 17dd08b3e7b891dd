import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { fromPglite, fromPool, type Database } from '../../server/src/db/client.js';
import { PGLITE_EXTENSIONS } from '../../server/src/db/client.js';
import {
  demoTemplateDbName,
  pgliteDemoTemplateFile,
  pgliteTemplateFile,
  postgresAdminUrl,
  templateDbName,
  testDbPrefix,
  testEngine,
  withDatabase,
} from './engine.js';

export interface TestDatabaseOptions {
  /**
   * Start from the demo data (`seedDemo`, default ID hash key) instead of an empty migrated
   * database. The seed ran once in the global setup, so a file pays a copy, not a seed.
   */
  demo?: boolean;
}

/** A freshly migrated database of its own for one test file, on the engine of this run. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<Database & { url?: string }> {
  if (testEngine() === 'pglite') {
    const template = readFileSync(options.demo ? pgliteDemoTemplateFile() : pgliteTemplateFile());
    const client = await PGlite.create({ loadDataDir: new Blob([template]), extensions: PGLITE_EXTENSIONS });
    return fromPglite(client);
  }
  const name = `${testDbPrefix()}${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${options.demo ? demoTemplateDbName() : templateDbName()}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(postgresAdminUrl(), name);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // The forced DROP at close terminates connections a test left behind (e.g. a long-poll): that
  // is expected then, not a crash.
  pool.on('error', () => {});
  const database = fromPool(pool);
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: postgresAdminUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => cleanup.end());
    },
  };
}
