// `pnpm seed`: migrates the configured database (DATABASE_URL, or PGlite in DATA_DIR) and loads the
// demo data. Idempotent. Stop the server first when using PGlite (one process per data folder).
import { loadConfig } from '@nuanxin/server/platform/config';
import { seedDemo } from '@nuanxin/server/seed/demo';
import { withConfiguredDatabase } from './lib/database.js';

const config = loadConfig();
await withConfiguredDatabase(config, async (database) => {
  await seedDemo(database.db, { idHashKey: config.access.idHashKey });
  console.log(`Demo data loaded into ${database.engine === 'pglite' ? `PGlite at ${config.dataDir}` : 'PostgreSQL'}.`);
});
