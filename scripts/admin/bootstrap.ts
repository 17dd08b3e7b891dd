// `pnpm admin:bootstrap --district <adcode> --name <name> [--boundary <file.geojson>] [--admin-name <name>]`
// The first start of a real deployment: creates the district and prints a one-time invitation code
// for its first district admin, who redeems it in the mini-program (我的 → 工作人员邀请码). The only
// path that needs no existing admin; a district that exists already is refused (exit code 1).
// Runs against the configured database (DATABASE_URL, or PGlite in DATA_DIR: stop the server first).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '@nuanxin/server/platform/config';
import { bootstrapDistrict, createGeoContext } from '@nuanxin/server/geo/index';
import { withConfiguredDatabase } from '../lib/database.js';

const USAGE =
  'usage: pnpm admin:bootstrap --district <6-digit adcode> --name <区名> [--boundary <file.geojson>] [--admin-name <姓名>]';

let args: { district?: string; name?: string; boundary?: string; 'admin-name'?: string };
try {
  args = parseArgs({
    options: {
      district: { type: 'string' },
      name: { type: 'string' },
      boundary: { type: 'string' },
      'admin-name': { type: 'string' },
    },
  }).values;
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (!args.district || !args.name) {
  console.error(USAGE);
  process.exit(2);
}

let boundary: unknown;
if (args.boundary) {
  try {
    boundary = JSON.parse(readFileSync(args.boundary, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    console.error(`Cannot read the boundary file ${args.boundary}: ${(err as Error).message}`);
    process.exit(2);
  }
}

const config = loadConfig();
let exitCode = 0;
await withConfiguredDatabase(config, async (database) => {
  try {
    const result = await bootstrapDistrict(createGeoContext(database.db, config), {
      adcode: args.district!,
      name: args.name!,
      boundary,
      adminName: args['admin-name'],
    });
    console.log(
      `District ${result.name} (${result.adcode}) created${result.boundaryPoints ? ` with a ${result.boundaryPoints}-point boundary` : ''}.`,
    );
    console.log('');
    console.log(`  First district admin's invitation code: ${result.invitation.code}`);
    console.log(`  Valid until ${result.invitation.expiresAt}; it can be used once.`);
    console.log('');
    console.log('Open the mini-program, sign in with WeChat, then 我的 → 工作人员邀请码 and enter the code.');
    console.log('Everything after this (streets, communities, agreements, shops, staff) happens in the app.');
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code && typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code)) {
      console.error(`${e.code}: ${e.message}`);
      exitCode = 1;
      return;
    }
    throw err;
  }
});
process.exit(exitCode);
