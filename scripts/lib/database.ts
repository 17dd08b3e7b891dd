// The configured database (DATABASE_URL, or PGlite in DATA_DIR) for a command-line script: opened,
// migrated, handed to `fn`, closed. A PGlite folder held by a running server ends the script with
// its message and exit code 1 (stop the server first).
import type { Config } from '@nuanxin/server/platform/config';
import { DataDirInUseError, openDatabase, type Database } from '@nuanxin/server/db/client';

export async function withConfiguredDatabase(
  config: Config,
  fn: (database: Database) => Promise<void>,
  opts: { poolSize?: number } = {},
): Promise<void> {
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...opts });
    try {
      await database.migrate();
      await fn(database);
    } finally {
      await database.close();
    }
  } catch (err) {
    if (!(err instanceof DataDirInUseError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
