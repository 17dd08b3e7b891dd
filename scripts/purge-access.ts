// `pnpm purge:access`: the access retention job. Deletes access events older than
// ACCESS_EVENT_RETENTION_DAYS (default 180) and marks approved passes past their end as expired.
// Run daily (cron / a Kubernetes CronJob); safe on several replicas at once (SKIP LOCKED).
import { loadConfig } from '@nuanxin/server/config';
import { DataDirInUseError, openDatabase } from '@nuanxin/server/db/client';
import { purgeAccess } from '@nuanxin/server/access/purge';

const config = loadConfig();
try {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await database.migrate();
    const r = await purgeAccess(database.db, { retentionDays: config.access.eventRetentionDays });
    console.log(`access purge: ${r.deletedEvents} events before ${r.cutoff.toISOString()} deleted, ${r.expiredPasses} passes expired`);
  } finally {
    await database.close();
  }
} catch (err) {
  if (!(err instanceof DataDirInUseError)) throw err;
  console.error(err.message);
  process.exit(1);
}
