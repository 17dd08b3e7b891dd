import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './client.js';

/**
 * Stored SQL with a home: the current definition of every SQL function, view and trigger lives in
 * `server/src/<job>/sql/<name>.sql`, beside the code that calls it; migrations only carry changes.
 * A file holds `CREATE OR REPLACE …` statements separated by drizzle's `--> statement-breakpoint`
 * line, so `pnpm db:sql` can copy it into a new migration as it is, and a test can run it against a
 * migrated database and check that nothing changes (tests/server/db/sql-home.test.ts).
 */
export interface SqlHome {
  /** Path from the repository root, e.g. `server/src/access/sql/access_decision.sql`. */
  file: string;
  /** The file's statements, in order, each with its leading comment. */
  statements: string[];
  /** What it defines: `function:<name>`, `view:<name>` or `trigger:<name>`. */
  defines: string[];
}

export const STATEMENT_BREAKPOINT = '--> statement-breakpoint';
const SERVER_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFINITION = /create\s+or\s+replace\s+(function|view|trigger)\s+(?:public\.)?"?(\w+)"?/gi;

/** Reads one `sql/<name>.sql` file. */
export function readSqlHome(file: string): SqlHome {
  const text = fs.readFileSync(path.resolve(REPO_ROOT, file), 'utf8');
  const statements = text
    .split(STATEMENT_BREAKPOINT)
    .map((s) => s.trim())
    .filter(Boolean);
  const defines = [...text.matchAll(DEFINITION)].map((m) => `${m[1]!.toLowerCase()}:${m[2]}`);
  return { file: path.relative(REPO_ROOT, path.resolve(REPO_ROOT, file)), statements, defines };
}

/** Every `server/src/<job>/sql/*.sql`, sorted by path. */
export function listSqlHomes(): SqlHome[] {
  return fs
    .readdirSync(SERVER_SRC, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(SERVER_SRC, d.name, 'sql')))
    .flatMap((d) =>
      fs
        .readdirSync(path.join(SERVER_SRC, d.name, 'sql'))
        .filter((f) => f.endsWith('.sql'))
        .map((f) => path.relative(REPO_ROOT, path.join(SERVER_SRC, d.name, 'sql', f))),
    )
    .sort()
    .map(readSqlHome);
}
