import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { fromPglite, fromPool, PGLITE_EXTENSIONS, type Database } from '../../server/src/db/client.js';
import { seedDemo } from '../../server/src/seed/demo.js';
import {
  demoTemplateDbName,
  pgliteDemoTemplateFile,
  pgliteTemplateFile,
  postgresAdminUrl,
  templateDbName,
  testEngine,
  withDatabase,
} from './engine.js';

/**
 * Migrates one template per run; every test file then starts from a copy of it in well under a
 * second (PGlite `loadDataDir`, PostgreSQL `CREATE DATABASE … TEMPLATE`) instead of migrating.
 * A second template holds the demo data too: seeding it once here instead of in each file's
 * `beforeAll` took those hooks past their timeout on a busy machine.
 */
export default async function globalSetup() {
  process.env.TEST_RUN_ID ??= `${process.pid}_${randomBytes(3).toString('hex')}`;
  const engine = testEngine();
  if (engine === 'pglite') {
    const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
    const database = fromPglite(client);
    await database.migrate();
    await dumpPglite(client, pgliteTemplateFile());
    await seedDemo(database.db);
    await dumpPglite(client, pgliteDemoTemplateFile());
    await client.close();
    return;
  }
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${demoTemplateDbName()}`);
    await admin.query(`DROP DATABASE IF EXISTS ${templateDbName()}`);
    await admin.query(`CREATE DATABASE ${templateDbName()}`);
    await withPool(templateDbName(), (database) => database.migrate());
    // A copy of the migrated template needs no second migration; nobody may be connected to the
    // source while it is copied, hence after the pool above is closed.
    await admin.query(`CREATE DATABASE ${demoTemplateDbName()} TEMPLATE ${templateDbName()}`);
    await withPool(demoTemplateDbName(), (database) => seedDemo(database.db));
  } finally {
    await admin.end();
  }
}

async function dumpPglite(client: PGlite, file: string): Promise<void> {
  const dump = await client.dumpDataDir('gzip');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
}

async function withPool(name: string, fn: (database: Database) => Promise<void>): Promise<void> {
  const pool = new pg.Pool({ connectionString: withDatabase(postgresAdminUrl(), name), max: 1 });
  const database = fromPool(pool);
  try {
    await fn(database);
  } finally {
    await database.close();
  }
}
