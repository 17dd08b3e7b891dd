import { rmSync } from 'node:fs';
import pg from 'pg';
import {
  demoTemplateDbName,
  pgliteDemoTemplateFile,
  pgliteTemplateFile,
  postgresAdminUrl,
  templateDbName,
  testDbPrefix,
  testEngine,
} from './engine.js';

export default async function globalTeardown() {
  if (testEngine() === 'pglite') {
    rmSync(pgliteTemplateFile(), { force: true });
    rmSync(pgliteDemoTemplateFile(), { force: true });
    return;
  }
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
    `${testDbPrefix()}%`,
  ]);
  for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
  await admin.query(`DROP DATABASE IF EXISTS ${demoTemplateDbName()}`);
  await admin.query(`DROP DATABASE IF EXISTS ${templateDbName()}`);
  await admin.end();
}
