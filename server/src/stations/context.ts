import type { Db } from '../db/client.js';
import type { Principal } from '../auth/index.js';
import type { Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import { OffLoop } from '../platform/off-loop.js';

/** What every stations use case receives. */
export interface StationsContext extends ServiceContext {
  config: {
    /** Largest import file (multipart), bytes. */
    uploadMaxBytes: number;
  };
  /** Worker threads for an import's parsing, checks and placing (the plugin closes them with the app). */
  offLoop: OffLoop;
}

/**
 * The caller of a use case open to operators at the command line as well as to staff: null is an
 * operator (no scope limit), as in `pnpm stations:import`.
 */
export type StationsCaller = StationsContext & { actor: Principal | null };

/** Built once by the plugin (and by scripts) from the database, the config and the clock. */
export function createStationsContext(db: Db, config: Config, now: Clock = systemClock): StationsContext {
  return { db, now, config: { uploadMaxBytes: config.uploadMaxBytes }, offLoop: new OffLoop({ maxWorkers: 2 }) };
}
