// `pnpm seed`: migrates the configured database (DATABASE_URL, or PGlite in DATA_DIR) and loads the
// demo data. Idempotent. Stop the server first when using PGlite (one process per data folder).
import { loadConfig } from '@nuanxin/server/config';
import { DataDirInUseError, openDatabase } from '@nuanxin/server/db/client';
import { seedDemo } from '@nuanxin/server/seed/demo';

const config = loadConfig();
try {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    await seedDemo(database.db, { idHashKey: config.access.idHashKey });
    console.log(`Demo data loaded into ${database.engine === 'pglite' ? `PGlite at ${config.dataDir}` : 'PostgreSQL'}.`);
  } finally {
    await database.close();
  }
} catch (err) {
  if (!(err instanceof DataDirInUseError)) throw err;
  console.error(err.message);
  process.exit(1);
}
