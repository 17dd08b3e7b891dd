// A migration from stored SQL: after editing server/src/<job>/sql/<name>.sql, run
//   pnpm db:sql <tag> server/src/<job>/sql/<name>.sql [more files …]
// It asks drizzle-kit for a new custom migration (numbered, journaled, with its snapshot) and fills
// it with the files' CREATE OR REPLACE statements as they are. Review it, then commit both.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@nuanxin/server/db/client';
import { readSqlHome, STATEMENT_BREAKPOINT } from '@nuanxin/server/db/sql-home';

const [tag, ...files] = process.argv.slice(2);
if (!tag || !/^[a-z0-9_]+$/.test(tag) || files.length === 0) {
  console.error('usage: pnpm db:sql <tag: a-z 0-9 _> server/src/<job>/sql/<name>.sql [...]');
  process.exit(2);
}
const homes = files.map((f) => readSqlHome(f));
for (const home of homes) {
  if (home.defines.length === 0) {
    console.error(`${home.file}: no CREATE OR REPLACE FUNCTION / VIEW / TRIGGER in it`);
    process.exit(2);
  }
}

const journalFile = path.join(REPO_ROOT, 'migrations/meta/_journal.json');
const before = new Set(
  (JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }).entries.map((e) => e.tag),
);
const kit = spawnSync(
  'pnpm',
  ['exec', 'drizzle-kit', 'generate', '--custom', `--name=${tag}`, '--config', 'server/drizzle.config.ts'],
  {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  },
);
if (kit.status !== 0) process.exit(kit.status ?? 1);
const entries = (JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }).entries;
const created = entries.find((e) => !before.has(e.tag));
if (!created) {
  console.error('drizzle-kit made no new migration');
  process.exit(1);
}
const out = path.join(REPO_ROOT, 'migrations', `${created.tag}.sql`);
const header = `-- From stored SQL (pnpm db:sql): ${homes.map((h) => h.file).join(', ')}. The current definitions live there.\n`;
const body = homes.flatMap((h) => h.statements).join(`\n${STATEMENT_BREAKPOINT}\n`);
fs.writeFileSync(out, `${header}${body}\n`);
console.log(`wrote ${path.relative(REPO_ROOT, out)} (${homes.flatMap((h) => h.defines).join(', ')})`);
