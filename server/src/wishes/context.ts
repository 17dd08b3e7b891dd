import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';

/** What every 微心愿 use case receives. */
export type WishesContext = ServiceContext;

export function createWishesContext(db: Db, _config: Config, now: Clock = systemClock): WishesContext {
  return { db, now };
}
