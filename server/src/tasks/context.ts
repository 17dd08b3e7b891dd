import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';

/** What every 随手帮 use case receives. */
export interface TasksContext extends ServiceContext {
  /** Points credited on confirmation expire this many days later (points config). */
  pointsExpiryDays: number;
}

export function createTasksContext(db: Db, config: Config, now: Clock = systemClock): TasksContext {
  return { db, now, pointsExpiryDays: config.points.expiryDays };
}
