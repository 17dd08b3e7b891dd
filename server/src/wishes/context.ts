import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import { createCommunityPhotos, type CommunityPhotos } from '../media/index.js';

/** What every 微心愿 use case receives. */
export interface WishesContext extends ServiceContext {
  /** The wish and fulfilment photos (the community photo store, shared with 随手帮). */
  photos: CommunityPhotos;
}

export function createWishesContext(db: Db, config: Config, now: Clock = systemClock): WishesContext {
  return { db, now, photos: createCommunityPhotos(config, now) };
}
