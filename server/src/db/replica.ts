import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';
import type { Db } from './client.js';

/**
 * Read-only work on a streaming standby (`DATABASE_REPLICA_URL`), with the primary as its
 * fallback. The drizzle handle it gives is used exactly like `app.db`:
 * - a plain statement runs on the standby; if the standby cannot be reached (refused, reset, shut
 *   down, still starting) it runs on the primary instead, and the standby is left alone for
 *   `retryAfterMs` before it is tried again, so a dead standby costs one failed attempt, not one per
 *   request;
 * - a statement the standby cancels because replay needed its rows (a recovery conflict) runs
 *   again on the primary;
 * - anything that checks out a connection — a transaction, a session — gets one of the primary's:
 *   a transaction may write, and a standby refuses writes.
 */
export interface Replica {
  db: Db;
  /** False while the standby is being left alone after it failed. */
  up(): boolean;
  close(): Promise<void>;
}

/** Errors that say the standby is not there (node's socket errors, PostgreSQL's shutdown and startup states). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, or not yet accepting hot-standby connections)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
/** A standby cancels a read whose rows replay must change (conflict with recovery). */
const RECOVERY_CONFLICT_CODES = new Set(['40001', '40P01']);

function errorCode(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}

function unreachable(err: unknown): boolean {
  const code = errorCode(err);
  if (code && UNREACHABLE_CODES.has(code)) return true;
  // node-postgres's own words for a connection that ended or never came (no code of its own).
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
    message,
  );
}

/**
 * A pool that is not one: statements go to the standby's pool (or the primary's, see above), and
 * `connect()` hands out the primary's connections. It is a `pg.Pool` so drizzle and the prepared
 * hot-path statements (db/prepared.ts) treat it as one.
 */
class ReadPool extends pg.Pool {
  private downUntil = 0;

  constructor(
    private readonly standby: pg.Pool,
    private readonly primary: pg.Pool,
    private readonly retryAfterMs: number,
    private readonly onDown: (err: unknown) => void,
  ) {
    super({ max: 1 });
  }

  up(): boolean {
    return Date.now() >= this.downUntil;
  }

  override connect(...args: unknown[]): never {
    return (this.primary.connect as (...a: unknown[]) => never)(...args);
  }

  override query(...args: unknown[]): never {
    const onPrimary = () => (this.primary.query as (...a: unknown[]) => Promise<unknown>)(...args);
    if (!this.up()) return onPrimary() as never;
    const onStandby = (this.standby.query as (...a: unknown[]) => Promise<unknown>)(...args);
    return onStandby.catch((err: unknown) => {
      if (unreachable(err)) {
        this.downUntil = Date.now() + this.retryAfterMs;
        this.onDown(err);
        return onPrimary();
      }
      if (RECOVERY_CONFLICT_CODES.has(errorCode(err) ?? '')) return onPrimary();
      throw err;
    }) as never;
  }
}

export function openReplica(opts: {
  url: string;
  primary: pg.Pool;
  poolSize: number;
  /** How long a standby that failed is left alone. */
  retryAfterMs?: number;
  onDown?: (err: unknown) => void;
}): Replica {
  const standby = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize,
    idleTimeoutMillis: 0,
    // A standby that does not answer must not hold a request for long: the primary answers instead.
    connectionTimeoutMillis: 2_000,
    application_name: 'nuanxin reads',
  });
  standby.on('error', () => {});
  standby.on('connect', (client) => {
    client.on('error', () => {});
  });
  const pool = new ReadPool(standby, opts.primary, opts.retryAfterMs ?? 5_000, opts.onDown ?? (() => {}));
  const db = drizzlePg(pool, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    up: () => pool.up(),
    close: () => standby.end(),
  };
}
