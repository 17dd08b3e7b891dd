import type { Db } from '../db/client.js';
import type { Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';

/** What the audit read side receives: the database and the clock (no config of its own yet). */
export type AuditContext = ServiceContext;

export function createAuditContext(db: Db, _config: Config, now: Clock = systemClock): AuditContext {
  return { db, now };
}
