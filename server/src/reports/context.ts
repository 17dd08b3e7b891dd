import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import { LocalPhotoStorage, type PhotoStorage } from './storage.js';

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
    media: new MediaSigner(`media:${config.jwtSecret}`, now),
    pointsExpiryDays: config.points.expiryDays,
  };
}

export type PhotoSize = 'display' | 'thumb';

/**
 * Signed photo URLs. An <Image> in the mini-program cannot send the Authorization header, so the
 * API hands out URLs that carry an HMAC and an expiry instead; the expiry is rounded to the hour
 * so the same photo keeps one URL for a while (cacheable). The expiry is reckoned on the job's
 * clock, so a test that moves time sees links expire with it.
 */
export class MediaSigner {
  constructor(
    private readonly secret: string,
    private readonly clock: Clock = systemClock,
  ) {}

  private sig(photoId: string, size: PhotoSize, exp: number): string {
    return createHmac('sha256', this.secret).update(`photo:${photoId}:${size}:${exp}`).digest('base64url');
  }

  /** A link valid for at least `ttlSeconds` (an hour: the app's views; days: a link sent to the city). */
  url(photoId: string, size: PhotoSize, now = this.clock().getTime(), ttlSeconds = 3600): string {
    const exp = Math.ceil(now / 3600_000) * 3600 + ttlSeconds;
    return `/media/photos/${photoId}/${size}.jpg?exp=${exp}&sig=${this.sig(photoId, size, exp)}`;
  }

  verify(photoId: string, size: PhotoSize, exp: number, sig: string, now = this.clock().getTime()): boolean {
    if (!Number.isInteger(exp) || exp * 1000 < now) return false;
    const want = Buffer.from(this.sig(photoId, size, exp));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}

export const photoKey = (base: string, size: PhotoSize) => `${base}-${size}.jpg`;
