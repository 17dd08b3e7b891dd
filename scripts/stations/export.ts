// Export all stations as CSV or GeoJSON (the formats import.ts reads back):
//   node --import tsx scripts/stations/export.ts --format csv|geojson [--out FILE]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '@nuanxin/server/platform/config';
import { openDatabase } from '@nuanxin/server/db/client';
import { createStationsContext, exportStations } from '@nuanxin/server/stations/index';

const { values } = parseArgs({ options: { format: { type: 'string', default: 'csv' }, out: { type: 'string' } } });
if (values.format !== 'csv' && values.format !== 'geojson') {
  console.error('--format must be csv or geojson');
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  const text = await exportStations(
    { ...createStationsContext(database.db, config), actor: null },
    { format: values.format },
  );
  if (values.out) fs.writeFileSync(values.out, text);
  else process.stdout.write(text);
} finally {
  await database.close();
}
