import type { Principal } from './principal.js';

/** What the guard needs of a user, as loaded from `users` and `staff_scopes`. */
export interface PrincipalRecord {
  status: string;
  /** Tokens issued before this instant (ms) are refused ("log out everywhere"); null: none. */
  validAfterMs: number | null;
  principal: Principal;
}

/** The channel that the principal_changed triggers (auth/sql/principal_changed.sql) notify, with a user id or '*'. */
export const PRINCIPAL_CHANGED = 'principal_changed';

/**
 * The guard's principals, kept between requests so that an authenticated request costs no
 * database round trip of its own. Correct because every change reaches it:
 * - Triggers on `users` (role, status, token cut-off) and `staff_scopes` NOTIFY `principal_changed`
 *   on commit, whoever wrote (the principal_changed triggers), and every API process LISTENs. The API's own
 *   changes also `forget` at once, so its next request never waits for the notification.
 * - The cache serves only while the LISTEN connection is up. When it drops, everything is
 *   forgotten and requests read the database until listening starts again.
 * - A read that began before a change is not stored (`generation` moved on): a row read just
 *   before a commit cannot outlive that commit's notification.
 * A change made elsewhere takes effect when its notification arrives, normally within a
 * millisecond of the commit. Entries live at most `maxAgeMs`, and at most `capacity` are kept
 * (the oldest go first).
 */
export class PrincipalCache {
  readonly #entries = new Map<string, { record: PrincipalRecord; storedAt: number }>();
  readonly #watchers = new Set<(userId: string) => void>();
  #generation = 0;
  #live = false;

  constructor(
    readonly capacity = 100_000,
    readonly maxAgeMs = 10 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get live(): boolean {
    return this.#live;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Listening started or stopped: either way, what is held may have missed a change. */
  setLive(live: boolean): void {
    this.#live = live;
    this.forgetAll();
  }

  forget(userId: string): void {
    this.#generation++;
    this.#entries.delete(userId);
    for (const watcher of this.#watchers) watcher(userId);
  }

  forgetAll(): void {
    this.#generation++;
    this.#entries.clear();
    for (const watcher of this.#watchers) watcher('*');
  }

  /** A notification's payload: a user id, or '*' for everyone. */
  notified(payload: string): void {
    if (payload === '*') this.forgetAll();
    else this.forget(payload);
  }

  get(userId: string): PrincipalRecord | undefined {
    if (!this.#live) return undefined;
    const entry = this.#entries.get(userId);
    if (!entry) return undefined;
    if (this.clock() - entry.storedAt > this.maxAgeMs) {
      this.#entries.delete(userId);
      return undefined;
    }
    return entry.record;
  }

  /** Call before reading a user from the database; pass the result to `set`. */
  readStarted(): number {
    return this.#generation;
  }

  set(userId: string, record: PrincipalRecord, readStarted: number): void {
    if (!this.#live || readStarted !== this.#generation) return;
    if (this.#entries.size >= this.capacity && !this.#entries.has(userId)) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(userId, { record, storedAt: this.clock() });
  }

  /**
   * Resolves when `userId` (or everyone) is next forgotten, e.g. when a change made outside the
   * API has been notified. Rejects after `timeoutMs`.
   */
  forgotten(userId: string, timeoutMs = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const watcher = (id: string) => {
        if (id !== userId && id !== '*') return;
        clearTimeout(timer);
        this.#watchers.delete(watcher);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#watchers.delete(watcher);
        reject(new Error(`principal of ${userId} not forgotten within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#watchers.add(watcher);
    });
  }
}

/** The principal a record grants to a token issued at `issuedAtMs`, or null. */
export function principalFrom(record: PrincipalRecord, issuedAtMs: number): Principal | null {
  if (record.status !== 'active') return null;
  if (record.validAfterMs !== null && issuedAtMs < record.validAfterMs) return null;
  return record.principal;
}
