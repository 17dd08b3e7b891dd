import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import { createCommunityPhotos, type CommunityPhotos } from '../media/index.js';

/** What every 随手帮 use case receives. */
export interface TasksContext extends ServiceContext {
  /** Points credited on confirmation expire this many days later (points config). */
  pointsExpiryDays: number;
  /** The 完成 photos (shared community photo store). */
  photos: CommunityPhotos;
}

export function createTasksContext(db: Db, config: Config, now: Clock = systemClock): TasksContext {
  return { db, now, pointsExpiryDays: config.points.expiryDays, photos: createCommunityPhotos(config, now) };
}
