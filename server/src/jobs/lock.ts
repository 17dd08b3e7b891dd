import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../db/client.js';

// One runner per job across replicas: a PostgreSQL advisory lock named after the job.
//
// PostgreSQL: a transaction-level lock (`pg_try_advisory_xact_lock`) taken in a transaction that
// stays open while the job runs on the pool's other connections. It is released at commit — or
// when a crashed replica's connection drops — so a lock can never be left behind.
// PGlite: one process, one session, where a transaction would block the job's own queries and a
// session lock is re-entrant; a session lock (released in `finally`) plus the in-process guard
// below give the same "one at a time".

/** Two-int advisory key space of this app ("NX"), so other users of the database are unaffected. */
const LOCK_CLASS = 0x4e58;

/** Jobs running in this process, per database (the in-process half of the guard). */
const running = new WeakMap<Database, Set<string>>();

export function lockKey(name: string): number {
  return createHash('sha256').update(`nuanxin-job:${name}`).digest().readInt32BE(0);
}

export type LockOutcome<T> = { ran: true; value: T } | { ran: false };

/** Runs `fn` only if no other runner (this process or another replica) holds the job's lock. */
export async function withJobLock<T>(database: Database, name: string, fn: () => Promise<T>): Promise<LockOutcome<T>> {
  let mine = running.get(database);
  if (!mine) running.set(database, (mine = new Set()));
  if (mine.has(name)) return { ran: false };
  mine.add(name);
  try {
    const key = lockKey(name);
    if (database.engine === 'pglite') {
      const [row] = rowsOf<{ ok: boolean }>(
        await database.db.execute(sql`select pg_try_advisory_lock(${LOCK_CLASS}::int, ${key}::int) as ok`),
      );
      if (!row?.ok) return { ran: false };
      try {
        return { ran: true, value: await fn() };
      } finally {
        await database.db.execute(sql`select pg_advisory_unlock(${LOCK_CLASS}::int, ${key}::int)`);
      }
    }
    return await database.db.transaction(async (tx) => {
      const [row] = rowsOf<{ ok: boolean }>(
        await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_CLASS}::int, ${key}::int) as ok`),
      );
      if (!row?.ok) return { ran: false } as const;
      return { ran: true, value: await fn() } as const;
    });
  } finally {
    mine.delete(name);
  }
}
