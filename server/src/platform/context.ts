import type { Db } from '../db/client.js';

/** The clock every use case reads instead of `new Date()`, so a test can move time for any job. */
export type Clock = () => Date;

/** The wall clock: what every job reads unless a test passes its own. */
export const systemClock: Clock = () => new Date();

/**
 * What every job's context carries. A job's own context (e.g. `AccessContext`) adds its slice of
 * the config and its own helpers; its plugin builds it once from `app.db`, `app.config` and
 * `app.clock`. A use case is `fn(ctx, input)`; one that acts for a caller takes
 * `Acting<XContext>` (auth/actor.ts), which adds `ctx.actor`.
 */
export interface ServiceContext {
  db: Db;
  now: Clock;
}
