import type { PointsConfig } from '../platform/config.js';
import type { Db } from '../db/client.js';
import type { Clock } from './ledger.js';

/** What every points use case receives: the database, the points settings and a clock. */
export interface PointsContext {
  db: Db;
  config: PointsConfig;
  now: Clock;
}
