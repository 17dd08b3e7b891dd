import type { Db } from '../db/client.js';
import type { Config, PointsConfig } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';

/** What every points use case receives: the database, the clock and the points settings. */
export interface PointsContext extends ServiceContext {
  config: PointsConfig;
}

/** Built once by the plugin (and by the jobs registry and scripts) from the database, the config and the clock. */
export function createPointsContext(db: Db, config: Config, now: Clock = systemClock): PointsContext {
  return { db, now, config: config.points };
}
