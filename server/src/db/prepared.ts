import { rowsOf, type Db } from './client.js';

/**
 * A hot-path statement with a name. On PostgreSQL each pooled connection parses and plans it
 * once, then only binds and executes it (what `pgbench -M prepared` does): for the scan and
 * principal queries that is more than half of the server's work per request. On PGlite it runs as
 * an ordinary parameterised query. Runs on the database or inside a transaction, whichever `db`
 * is. Raw rows: timestamps arrive as strings from `pg` and as Dates from PGlite (see `toDate`).
 */
export function preparedStatement<Row>(name: string, text: string) {
  const run = async (db: Db, params: readonly unknown[]): Promise<Row[]> => {
    const query = db._.session.prepareQuery({ sql: text, params: [...params] }, undefined, name, false);
    return rowsOf<Row>(await query.execute());
  };
  // The SQL itself, so a benchmark's pgbench baseline runs exactly what the route runs.
  return Object.assign(run, { text });
}

/** A timestamp column of a raw row, whichever driver read it. */
export function toDate(value: string | Date): Date;
export function toDate(value: string | Date | null): Date | null;
export function toDate(value: string | Date | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}
