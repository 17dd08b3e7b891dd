import type { Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import type { Db } from '../db/client.js';

/** What every dashboards use case receives: read-only figures over the other jobs' tables. */
export type DashboardsContext = ServiceContext;

export function createDashboardsContext(db: Db, _config: Config, now: Clock = systemClock): DashboardsContext {
  return { db, now };
}
