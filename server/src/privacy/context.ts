import type { Config, PrivacyConfig } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import type { Db } from '../db/client.js';
import { communityUploadDir, LocalPhotoStorage, type PhotoStorage } from '../media/index.js';
import { legalUploadDir } from '../legal/index.js';

/**
 * What every privacy use case receives: its config slice plus the access-event retention (shown on
 * 我的 → 隐私, owned by access) and the photo storage (the export reads photos, the retention pass
 * deletes them). Built once by the plugin, and by jobs.ts, scripts and tests.
 */
export interface PrivacyContext extends ServiceContext {
  config: PrivacyConfig & { accessEventRetentionDays: number; pointsExpiryDays: number };
  storage: PhotoStorage;
  /** The legal job's attachment folder: an account's deletion removes its case files. */
  legalStorage: PhotoStorage;
  /** The community photo folder (随手帮, 微心愿): exported and erased with the rider's records. */
  communityStorage: PhotoStorage;
}

export function createPrivacyContext(
  db: Db,
  config: Config,
  now: Clock = systemClock,
  storage?: PhotoStorage,
): PrivacyContext {
  return {
    db,
    now,
    config: {
      ...config.privacy,
      accessEventRetentionDays: config.access.eventRetentionDays,
      pointsExpiryDays: config.points.expiryDays,
    },
    storage: storage ?? new LocalPhotoStorage(config.reports.uploadDir),
    legalStorage: new LocalPhotoStorage(legalUploadDir(config)),
    communityStorage: new LocalPhotoStorage(communityUploadDir(config)),
  };
}
