import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import { LocalPhotoStorage, SignedPhotoUrls, type PhotoStorage } from '../media/index.js';

/** The config slice of 随手拍: photo limits and storage folder, and the keys of Open311 partners. */
export type ReportsConfig = Config['reports'] &
  Pick<Config, 'open311ApiKeys' | 'open311JurisdictionId' | 'open311PublicUrl' | 'city'>;

/** What every reports use case receives (Open311's too). `now` moves SLA, reopen and auto-close rules in tests. */
export interface ReportsContext extends ServiceContext {
  storage: PhotoStorage;
  config: ReportsConfig;
  media: MediaSigner;
  /** Points credited for an accepted report expire this many days later (points config). */
  pointsExpiryDays: number;
}

/**
 * Built once by the plugin (and by jobs and scripts) from the database, the config and the clock.
 * Photo storage defaults to the local folder `config.reports.uploadDir`; tests pass their own.
 */
export function createReportsContext(
  db: Db,
  config: Config,
  now: Clock = systemClock,
  storage?: PhotoStorage,
): ReportsContext {
  return {
    db,
    now,
    storage: storage ?? new LocalPhotoStorage(config.reports.uploadDir),
    config: {
      ...config.reports,
      open311ApiKeys: config.open311ApiKeys,
      open311JurisdictionId: config.open311JurisdictionId,
      open311PublicUrl: config.open311PublicUrl,
      city: config.city,
    },
    // A key of its own, derived so rotating JWT_SECRET also rotates photo links.
    media: new SignedPhotoUrls(
      { secret: `media:${config.jwtSecret}`, tag: 'photo', path: '/media/photos', ttlSeconds: 3600, mode: 'hourly' },
      now,
    ),
    pointsExpiryDays: config.points.expiryDays,
  };
}

export { photoKey, type PhotoSize } from '../media/index.js';

/** Report photo links (see SignedPhotoUrls): rounded to the hour, an hour at least. */
export type MediaSigner = SignedPhotoUrls;
