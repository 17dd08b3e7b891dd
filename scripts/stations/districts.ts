// Registers Beijing's 16 districts (outline from data/beijing-districts.geojson) in the configured
// database, so generated stations can be imported anywhere in Beijing. Existing adcodes (e.g. the
// demo seed's 朝阳区) are kept as they are:
//   node --import tsx scripts/stations/districts.ts
import { loadConfig } from '@nuanxin/server/platform/config';
import { openDatabase } from '@nuanxin/server/db/client';
import { registerDistricts } from './beijing.js';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  const ids = await registerDistricts(database.db);
  console.log(`${ids.size} districts registered.`);
} finally {
  await database.close();
}
