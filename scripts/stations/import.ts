// Import stations from a CSV or GeoJSON file into the configured database (DATABASE_URL, or
// PGlite in DATA_DIR), upserting by external id:
//   node --import tsx scripts/stations/import.ts FILE [--format csv|geojson] [--skip-bad] [--dry-run]
// Every row is checked first; bad rows are listed with their line and reason. By default nothing
// is written if any row is bad (--skip-bad imports the good ones); the writes are one transaction.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@nuanxin/server/platform/config';
import { openDatabase } from '@nuanxin/server/db/client';
import { createStationsContext, importStations } from '@nuanxin/server/stations/index';
import { AppError } from '@nuanxin/server/platform/app-error';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { format: { type: 'string' }, 'skip-bad': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
});
const file = positionals[0];
if (!file) {
  console.error('usage: import.ts FILE [--format csv|geojson] [--skip-bad] [--dry-run]');
  process.exit(2);
}
const format = (values.format ?? (/\.(geo)?json$/i.test(file) ? 'geojson' : 'csv')) as 'csv' | 'geojson';
if (format !== 'csv' && format !== 'geojson') {
  console.error(`--format must be csv or geojson, got ${String(values.format)}`);
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
let exitCode = 0;
try {
  await database.migrate();
  const started = Date.now();
  const ctx = createStationsContext(database.db, config);
  const report = await importStations(
    { ...ctx, actor: null },
    {
      format,
      content: fs.readFileSync(file, 'utf8'),
      skipBad: values['skip-bad'] ?? false,
      dryRun: values['dry-run'] ?? false,
      onProgress: (done, total) =>
        process.stderr.write(`\r写入 ${done}/${total} (${Math.round((done / total) * 100)}%)`),
    },
  ).finally(() => ctx.offLoop.close());
  process.stderr.write('\n');
  for (const bad of report.badRows)
    console.log(`${path.basename(file)}:${bad.line}  ${bad.field ?? ''}  ${bad.reason}`);
  console.log(
    `${report.rows} 行：新增 ${report.inserted}，更新 ${report.updated}，跳过 ${report.skipped}，有误 ${report.badRows.length}` +
      `${report.written ? '' : '；未写入'}（${((Date.now() - started) / 1000).toFixed(1)} 秒）`,
  );
  if (report.badRows.length > 0 && !report.written && !values['dry-run']) {
    console.log('有错误的行，未写入任何数据。修正后重试，或加 --skip-bad 只导入正确的行。');
    exitCode = 1;
  }
} catch (err) {
  if (!(err instanceof AppError)) throw err;
  console.error(err.message);
  exitCode = 1;
} finally {
  await database.close();
}
process.exit(exitCode);
