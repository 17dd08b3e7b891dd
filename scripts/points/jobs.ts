// `pnpm points:jobs`: one pass of the points jobs — void expired vouchers (points back), expire
// points past their date (oldest first), send expiring-soon notices. Run it from cron (e.g. every
// 10 minutes); several runners at once are safe (row locks, derived transfer ids).
import { loadConfig } from '@nuanxin/server/config';
import { openDatabase } from '@nuanxin/server/db/client';
import { runPointsJobs } from '@nuanxin/server/points/expire';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
try {
  const result = await runPointsJobs({ db: database.db, config: config.points, now: () => new Date() });
  console.log(
    `vouchers expired: ${result.vouchersExpired}; points expired: ${result.pointsExpired} (${result.ridersExpired} riders); notices sent: ${result.notices}`,
  );
} finally {
  await database.close();
}
