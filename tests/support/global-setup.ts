import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { fromPglite, fromPool, PGLITE_EXTENSIONS } from '../../server/src/db/client.js';
import { pgliteTemplateFile, postgresAdminUrl, templateDbName, testEngine, withDatabase } from './engine.js';

/**
 * Migrates one template per run; every test file then starts from a copy of it in well under a
 * second (PGlite `loadDataDir`, PostgreSQL `CREATE DATABASE … TEMPLATE`) instead of migrating.
 */
export default async function globalSetup() {
  process.env.TEST_RUN_ID ??= `${process.pid}_${randomBytes(3).toString('hex')}`;
  const engine = testEngine();
  if (engine === 'pglite') {
    const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
    await fromPglite(client).migrate();
    const dump = await client.dumpDataDir('gzip');
    writeFileSync(pgliteTemplateFile(), Buffer.from(await dump.arrayBuffer()));
    await client.close();
    return;
  }
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDbName()}`);
  await admin.query(`CREATE DATABASE ${templateDbName()}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: withDatabase(postgresAdminUrl(), templateDbName()), max: 1 });
  const database = fromPool(pool);
  await database.migrate();
  await database.close();
}
