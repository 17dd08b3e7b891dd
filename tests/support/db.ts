import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { fromPglite, fromPool, type Database } from '../../server/src/db/client.js';
import { PGLITE_EXTENSIONS } from '../../server/src/db/client.js';
import { pgliteTemplateFile, postgresAdminUrl, templateDbName, testDbPrefix, testEngine, withDatabase } from './engine.js';

/** A freshly migrated database of its own for one test file, on the engine of this run. */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  if (testEngine() === 'pglite') {
    const template = readFileSync(pgliteTemplateFile());
    const client = await PGlite.create({ loadDataDir: new Blob([template]), extensions: PGLITE_EXTENSIONS });
    return fromPglite(client);
  }
  const name = `${testDbPrefix()}${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDbName()}`);
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
