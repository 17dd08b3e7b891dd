import { createHash } from 'node:crypto';
import type { Database } from '../db/client.js';

// One runner per job across replicas: a PostgreSQL advisory lock named after the job, held by the
// process's lock session (`Database.tryAdvisoryLock`: on PostgreSQL a connection outside the pool,
// so running jobs never hold the pool connections their own queries need; a crashed replica's
// session drops and its locks with it). A session lock is re-entrant within its session, so the
// in-process guard below keeps two passes of one job in this process apart.

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
    const release = await database.tryAdvisoryLock(LOCK_CLASS, lockKey(name));
    if (!release) return { ran: false };
    try {
      return { ran: true, value: await fn() };
    } finally {
      await release();
    }
  } finally {
    mine.delete(name);
  }
}
