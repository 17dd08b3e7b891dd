// A realistic Beijing-scale stations file in the import format (see beijing.ts for how stations
// are spread), deterministic for a given seed:
//   node --import tsx scripts/stations/generate.ts [--count 14200] [--seed 1] [--format csv|geojson] [--out FILE]
// Load it with `pnpm stations:districts` (registers the 16 districts) then `pnpm stations:import FILE`.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { generateStations, toCsv, toGeoJson } from './beijing.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '14200' },
    seed: { type: 'string', default: '1' },
    format: { type: 'string' },
    out: { type: 'string' },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const format = values.format ?? (values.out && /\.(geo)?json$/i.test(values.out) ? 'geojson' : 'csv');
if (!Number.isInteger(count) || count < 1 || count > 10_000_000) {
  console.error('--count must be a positive integer');
  process.exit(2);
}
if (!Number.isInteger(seed)) {
  console.error('--seed must be an integer');
  process.exit(2);
}
if (format !== 'csv' && format !== 'geojson') {
  console.error(`--format must be csv or geojson, got ${format}`);
  process.exit(2);
}
const list = generateStations({ count, seed });
const text = format === 'csv' ? toCsv(list) : toGeoJson(list);
if (values.out) {
  fs.writeFileSync(values.out, text);
  const byDistrict = new Map<string, number>();
  for (const s of list) {
    const name = /^(.+?区)·/.exec(s.name)?.[1] ?? s.districtAdcode;
    byDistrict.set(name, (byDistrict.get(name) ?? 0) + 1);
  }
  console.error(
    `${count} stations (seed ${seed}) → ${values.out} (${format}, ${(text.length / 1024 / 1024).toFixed(1)} MB)`,
  );
  console.error(
    [...byDistrict]
      .sort((a, b) => b[1] - a[1])
      .map(([d, n]) => `${d} ${n}`)
      .join('  '),
  );
} else process.stdout.write(text);
