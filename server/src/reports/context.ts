import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import type { PhotoStorage } from './storage.js';

/** What every reports use case receives. `now` is injectable so SLA and reopen rules are testable. */
export interface ReportsContext {
  db: Db;
  storage: PhotoStorage;
  config: Config['reports'];
  media: MediaSigner;
  /** Points credited for an accepted report expire this many days later (points config). */
  pointsExpiryDays: number;
  now: () => Date;
}

export type PhotoSize = 'display' | 'thumb';

/**
 * Signed photo URLs. An <Image> in the mini-program cannot send the Authorization header, so the
 * API hands out URLs that carry an HMAC and an expiry instead; the expiry is rounded to the hour
 * so the same photo keeps one URL for a while (cacheable).
 */
export class MediaSigner {
  constructor(private readonly secret: string) {}

  private sig(photoId: string, size: PhotoSize, exp: number): string {
    return createHmac('sha256', this.secret).update(`photo:${photoId}:${size}:${exp}`).digest('base64url');
  }

  url(photoId: string, size: PhotoSize, now = Date.now()): string {
    const exp = Math.ceil(now / 3600_000) * 3600 + 3600;
    return `/media/photos/${photoId}/${size}.jpg?exp=${exp}&sig=${this.sig(photoId, size, exp)}`;
  }

  verify(photoId: string, size: PhotoSize, exp: number, sig: string, now = Date.now()): boolean {
    if (!Number.isInteger(exp) || exp * 1000 < now) return false;
    const want = Buffer.from(this.sig(photoId, size, exp));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}

export const photoKey = (base: string, size: PhotoSize) => `${base}-${size}.jpg`;
