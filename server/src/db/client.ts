import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/index.js';
import { openReplica, type Replica } from './replica.js';

export type Schema = typeof schema;
/** The drizzle handle both engines share; code never needs to know which one it is. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * LISTENs on `channel`: `message` gets each notification's payload, `live(true)` when listening
   * starts, `live(false)` whenever it stops (a dropped connection: notifications may have been
   * missed until the next `live(true)`). Resolves after the first attempt; returns the way to stop.
   */
  listen(channel: string, on: ListenHandlers): Promise<() => Promise<void>>;
  /**
   * Takes the advisory lock (`classId`, `key`) unless another session holds it: the way to release
   * it, or null. One session per process holds all of its locks (so a lock is re-entrant within a
   * process: callers guard that themselves). PostgreSQL: a connection of its own, outside the pool,
   * so a held lock never takes a connection the holder's own work needs; if it drops, the server
   * releases its locks, as for a crashed process. PGlite: its one connection.
   */
  tryAdvisoryLock(classId: number, key: number): Promise<(() => Promise<void>) | null>;
  /** The streaming standby for read-only work, when one is configured (PostgreSQL only). */
  replica?: Replica;
}

export interface ListenHandlers {
  message(payload: string): void;
  live(listening: boolean): void;
}

/** The repository's root folder (migrations/, data/, miniapp/dist live under it). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const MIGRATIONS_FOLDER = path.join(REPO_ROOT, 'migrations');

/** PostgreSQL connections per API process unless DATABASE_POOL_SIZE says otherwise (README: about four times the database server's cores across all replicas). */
export const DEFAULT_DATABASE_POOL_SIZE = 10;
export const PGLITE_EXTENSIONS = { cube, earthdistance, btree_gist };

// int8 and numeric arrive as strings from `pg`; counts and sums we store fit in a JS number,
// so parse them the way PGlite does for int4 and keep callers engine-agnostic.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function fromPglite(client: PGlite): Database {
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
    // In-process: PGlite hands over a commit's notifications as that query returns, and its one
    // connection never drops.
    async listen(channel, on) {
      const unlisten = await client.listen(channel, on.message);
      on.live(true);
      return async () => {
        on.live(false);
        if (!client.closed) await unlisten();
      };
    },
    async tryAdvisoryLock(classId, key) {
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::int, $2::int) as ok', [
        classId,
        key,
      ]);
      if (!rows[0]?.ok) return null;
      return async () => {
        await client.query('select pg_advisory_unlock($1::int, $2::int)', [classId, key]);
      };
    },
  };
}

export function fromPool(pool: pg.Pool): Database {
  // A connection that drops while checked out (a transaction between two statements when the
  // server restarts) emits 'error' on its client, and the pool listens only on idle ones: without
  // a listener that crashed the process. The statement in flight, or the next one, fails with the
  // connection error (answered 503 DB_UNAVAILABLE), and the pool discards the client on release.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = drizzlePg(pool, { schema, casing: 'snake_case' }) as unknown as Db;
  const locks = lockSession(pool);
  return {
    db,
    engine: 'postgres',
    migrate: () => migratePg(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => Promise.all([locks.close(), pool.end()]).then(() => {}),
    listen: (channel, on) => listenOnOwnConnection(pool, channel, on),
    tryAdvisoryLock: locks.tryLock,
  };
}

/**
 * The session that holds this process's advisory locks: one connection outside the pool, opened
 * on first use and again after it drops (its locks went with it, released by the server).
 */
function lockSession(pool: pg.Pool) {
  let session: Promise<pg.Client> | null = null;
  const open = () => {
    const client = new pg.Client({ ...pool.options, keepAlive: true, application_name: 'nuanxin locks' });
    const opened: Promise<pg.Client> = client.connect().then(
      () => client,
      (err: unknown) => {
        forget();
        throw err;
      },
    );
    const forget = () => {
      if (session === opened) session = null;
    };
    client.on('error', forget);
    client.on('end', forget);
    return opened;
  };
  // Jobs lock and unlock concurrently; a connection runs one query at a time (node-postgres only
  // warns about a second one now, and pg 9 refuses it), so they take turns.
  let turn: Promise<unknown> = Promise.resolve();
  const query = <T extends pg.QueryResultRow>(client: pg.Client, text: string, values: unknown[]) => {
    const result = turn.then(() => client.query<T>(text, values));
    turn = result.catch(() => {});
    return result;
  };
  return {
    async tryLock(classId: number, key: number) {
      const client = await (session ??= open());
      const { rows } = await query<{ ok: boolean }>(client, 'select pg_try_advisory_lock($1::int, $2::int) as ok', [
        classId,
        key,
      ]);
      if (!rows[0]?.ok) return null;
      return async () => {
        // After a drop the lock is gone already, and a new session must not be opened to unlock.
        if (session && (await session.catch(() => null)) === client) {
          await query(client, 'select pg_advisory_unlock($1::int, $2::int)', [classId, key]);
        }
      };
    },
    async close() {
      const client = await session?.catch(() => null);
      session = null;
      await client?.end().catch(() => {});
    },
  };
}

/** How often the listening connection is checked, and how long a check may take. */
const LISTEN_PING_MS = 15_000;
const LISTEN_PING_TIMEOUT_MS = 5_000;

/**
 * LISTEN on a connection of its own (outside the pool, which would hand it to queries). A dropped
 * connection — the server restarted, a network cut that TCP keep-alive or the periodic ping
 * notices — reports `live(false)` and is replaced, retrying with back-off up to 30 s.
 */
async function listenOnOwnConnection(pool: pg.Pool, channel: string, on: ListenHandlers): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  let current: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let ping: NodeJS.Timeout | undefined;
  let delay = 500;
  const retryLater = () => {
    if (stopped) return;
    retry = setTimeout(() => void connect(), delay);
    retry.unref();
    delay = Math.min(delay * 2, 30_000);
  };
  const drop = (client: pg.Client) => {
    if (current !== client) return;
    current = null;
    clearInterval(ping);
    on.live(false);
    client.end().catch(() => {});
    retryLater();
  };
  const connect = async () => {
    const client = new pg.Client({ ...pool.options, keepAlive: true, application_name: `nuanxin listen ${channel}` });
    client.on('notification', (n) => {
      if (n.channel === channel) on.message(n.payload ?? '');
    });
    client.on('error', () => drop(client));
    client.on('end', () => drop(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch {
      client.end().catch(() => {});
      retryLater();
      return;
    }
    if (stopped) {
      await client.end().catch(() => {});
      return;
    }
    current = client;
    delay = 500;
    on.live(true);
    ping = setInterval(() => {
      const timer = setTimeout(() => drop(client), LISTEN_PING_TIMEOUT_MS);
      client.query('SELECT 1').then(
        () => clearTimeout(timer),
        () => {
          clearTimeout(timer);
          drop(client);
        },
      );
    }, LISTEN_PING_MS);
    ping.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const client = current;
    if (client) {
      current = null;
      clearInterval(ping);
      on.live(false);
      await client.end().catch(() => {});
    }
  };
}

export async function openDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** A streaming standby of `databaseUrl` (ignored without it). */
  replicaUrl?: string | undefined;
  /** Told each time the standby fails and reads move to the primary for a while. */
  onReplicaDown?: (err: unknown) => void;
}): Promise<Database> {
  if (opts.databaseUrl) {
    // Idle connections are kept (node-postgres closes them after 10 s by default): a new one costs a
    // backend start, catalog caches and re-preparing the hot statements, and the next burst paid that
    // over and over — at a steady 1,000 /me per second p99 was 57–91 ms against p50 1.5 ms.
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? DEFAULT_DATABASE_POOL_SIZE,
      idleTimeoutMillis: 0,
    });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const database = fromPool(pool);
    if (!opts.replicaUrl) return database;
    const replica = openReplica({
      url: opts.replicaUrl,
      primary: pool,
      poolSize: opts.poolSize ?? DEFAULT_DATABASE_POOL_SIZE,
      onDown: opts.onReplicaDown,
    });
    return {
      ...database,
      replica,
      close: () => Promise.all([replica.close(), database.close()]).then(() => {}),
    };
  }
  const dir = path.join(opts.dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  const release = lockDataDir(opts.dataDir);
  try {
    const client = await PGlite.create({ dataDir: dir, extensions: PGLITE_EXTENSIONS });
    const database = fromPglite(client);
    return { ...database, close: () => database.close().finally(release) };
  } catch (err) {
    release();
    throw err;
  }
}

export class DataDirInUseError extends Error {}

/**
 * PGlite has no lock of its own: two processes on one folder corrupt it. A pid file makes the
 * second one stop with a clear message instead (a stale file from a dead process is taken over).
 */
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'pglite.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      let alive = false;
      try {
        alive = Number.isInteger(owner) && owner > 0 && owner !== process.pid && process.kill(owner, 0);
      } catch {
        alive = false;
      }
      if (alive) {
        throw new DataDirInUseError(
          `The data folder ${dataDir} is in use by process ${owner}. Stop it first, or set DATA_DIR to another folder.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not lock the data folder ${dataDir}`);
}

/** Rows of a raw `db.execute`, whichever driver ran it. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
