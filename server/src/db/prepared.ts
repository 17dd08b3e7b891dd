import pg from 'pg';
import { rowsOf, type Db } from './client.js';

/** Timestamps, dates and intervals as the server's text, as drizzle reads them (see `toDate`). */
const AS_TEXT = new Set([1082, 1114, 1184, 1186, 1115, 1182, 1185, 1187, 1231]);
const textTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    AS_TEXT.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format ?? 'text'),
};

interface SessionWithClient {
  _: { session: { client?: unknown } };
}

/**
 * A hot-path statement with a name. On PostgreSQL each pooled connection parses and plans it
 * once, then only binds and executes it (what `pgbench -M prepared` does): for the scan and
 * principal queries that is more than half of the server's work per request. On PGlite it runs as
 * an ordinary parameterised query. Runs on the database or inside a transaction, whichever `db`
 * is. Raw rows: timestamps arrive as strings from `pg` and as Dates from PGlite (see `toDate`).
 */
export function preparedStatement<Row>(name: string, text: string) {
  const run = async (db: Db, params: readonly unknown[]): Promise<Row[]> => {
    // node-postgres (the pool, or a transaction's client): straight to the driver — drizzle's
    // prepared-query wrapper costs about a quarter of the driver's own CPU per call.
    const client = (db as unknown as SessionWithClient)._.session.client;
    if (client instanceof pg.Pool || client instanceof pg.Client) {
      const result = await client.query<Row & pg.QueryResultRow>({ name, text, values: [...params], types: textTypes });
      return result.rows;
    }
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
