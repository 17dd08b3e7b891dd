// `pnpm import:streets <file.geojson>`: sets street boundaries (GCJ-02) from a GeoJSON
// FeatureCollection whose features carry `properties.code` (the 街道 code). Stop the server first
// when using PGlite (one process per data folder).
import { readFileSync } from 'node:fs';
import { loadConfig } from '@nuanxin/server/platform/config';
import { openDatabase } from '@nuanxin/server/db/client';
import { createGeoContext, importStreetBoundaries } from '@nuanxin/server/geo/index';

const file = process.argv[2];
if (!file) {
  console.error('usage: pnpm import:streets <file.geojson>');
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  const ctx = createGeoContext(database.db, config);
  // The geometry checks run in a worker thread, as for the upload; the worker stops with the run.
  const result = await importStreetBoundaries(ctx, {
    geojson: JSON.parse(readFileSync(file, 'utf8')),
  }).finally(() => ctx.offLoop.close());
  console.log(
    `Updated ${result.updated} street boundaries.${result.unknownCodes.length ? ` Unknown codes: ${result.unknownCodes.join(', ')}` : ''}`,
  );
} finally {
  await database.close();
}
