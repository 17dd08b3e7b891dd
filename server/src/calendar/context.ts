import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';

/** The calendar job needs nothing beyond the database and the clock. */
export type CalendarContext = ServiceContext;

export function createCalendarContext(db: Db, _config: Config, now: Clock = systemClock): CalendarContext {
  return { db, now };
}
