import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';

/** What every 骑思妙想 use case receives. */
export interface SuggestionsContext extends ServiceContext {
  /** Points credited on adoption expire this many days later (points config). */
  pointsExpiryDays: number;
}

export function createSuggestionsContext(db: Db, config: Config, now: Clock = systemClock): SuggestionsContext {
  return { db, now, pointsExpiryDays: config.points.expiryDays };
}
