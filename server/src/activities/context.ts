import type { AccessConfig, Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import type { Db } from '../db/client.js';

/** What every activities use case receives; built once by the plugin (and by tests). */
export interface ActivitiesContext extends ServiceContext {
  /**
   * The access job's key rings: the HMAC keys that sign gate codes also sign the rotating
   * activity codes (another domain string, so one can never pass for the other), and the rider
   * codes an organiser scans are the access job's.
   */
  access: AccessConfig;
  /** Days points credited for attendance stay valid (the points job's setting). */
  pointsExpiryDays: number;
  /** How long before each session its confirmed riders are reminded, minutes. */
  reminderLeadMinutes: number;
}

export function createActivitiesContext(db: Db, config: Config, now: Clock = systemClock): ActivitiesContext {
  return {
    db,
    now,
    access: config.access,
    pointsExpiryDays: config.points.expiryDays,
    reminderLeadMinutes: config.activities.reminderLeadMinutes,
  };
}
