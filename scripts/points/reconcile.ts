// `pnpm points:reconcile`: checks every invariant of the points ledger against the configured
// database (DATABASE_URL, or PGlite in DATA_DIR — stop the server first for PGlite). Prints each
// check; exits 1 with the offending rows when one fails, 2 when it cannot run.
import { loadConfig } from '@nuanxin/server/platform/config';
import { openDatabase } from '@nuanxin/server/db/client';
import { reconcile } from '@nuanxin/server/points/index';

const config = loadConfig();
let exitCode = 0;
try {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    const report = await reconcile(database.db);
    for (const check of report.checks) {
      console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}`);
      for (const line of check.details) console.log(`       ${line}`);
    }
    const t = report.totals;
    console.log(
      `${t.accounts} accounts, ${t.transfers} transfers, ${t.vouchers} vouchers; Σ debits posted ${t.debitsPosted} = Σ credits posted ${t.creditsPosted}`,
    );
    console.log(report.ok ? 'reconciliation: ok' : 'reconciliation: FAILED');
    exitCode = report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(`reconciliation could not run: ${err instanceof Error ? err.message : String(err)}`);
  exitCode = 2;
}
process.exit(exitCode);
