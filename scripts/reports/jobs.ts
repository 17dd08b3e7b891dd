// `pnpm reports:jobs`: one pass of the 随手拍 jobs — close fixed reports whose reopen window
// (7 days) has passed. Run it from cron (e.g. hourly) or register closeStaleFixedReports with the
// in-process scheduler; several runners at once are safe (SKIP LOCKED, re-checked per batch).
import { loadConfig } from '@nuanxin/server/config';
import { openDatabase } from '@nuanxin/server/db/client';
import { closeStaleFixedReports } from '@nuanxin/server/reports/close-stale';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
try {
  await database.migrate();
  const result = await closeStaleFixedReports({ db: database.db, now: () => new Date() });
  console.log(
    `reports closed automatically: ${result.closed} (${result.batches} batch${result.batches === 1 ? '' : 'es'})`,
  );
} finally {
  await database.close();
}
