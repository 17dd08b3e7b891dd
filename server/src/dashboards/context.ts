import type { Config, CoverageConfig } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import { OffLoop } from '../platform/off-loop.js';
import type { Db } from '../db/client.js';

/** What every dashboards use case receives: read-only figures over the other jobs' tables. */
export interface DashboardsContext extends ServiceContext {
  /** 驿站覆盖: the ride that counts as within reach, and the grid that measures area. */
  coverage: CoverageConfig & { timeoutMs: number };
  /** A worker thread for the coverage grid (the plugin closes it with the app). */
  offLoop: OffLoop;
}

export function createDashboardsContext(db: Db, config: Config, now: Clock = systemClock): DashboardsContext {
  return {
    db,
    now,
    coverage: { ...config.coverage, timeoutMs: config.geometryTimeoutMs },
    offLoop: new OffLoop({ maxWorkers: 1 }),
  };
}
