import { createHmac, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '../platform/context.js';

export type PhotoSize = 'display' | 'thumb';

/** The stored file of one size of a photo: `<storage key>-<size>.jpg`. */
export const photoKey = (base: string, size: PhotoSize) => `${base}-${size}.jpg`;

/**
 * Signed photo URLs, one class for every job that keeps photos. An <Image> in the mini-program
 * cannot send the Authorization header, so the API hands out URLs that carry an HMAC and an expiry
 * instead; the URL is the authorisation. Each job has its own secret, tag and path, so a signature
 * of one job never opens another's photo. Two lifetimes:
 * - `hourly` (report photos): the expiry is rounded up to the hour plus `ttlSeconds`, so the same
 *   photo keeps one URL for a while (cacheable);
 * - `short` (legal attachments, community photos): exactly `ttlSeconds` from now, so a link copied
 *   out of the app stops working soon.
 * The expiry is reckoned on the job's clock, so a test that moves time sees links expire with it.
 */
export class SignedPhotoUrls {
  constructor(
    private readonly opts: {
      secret: string;
      /** Signed into every URL (`photo`, `legal`, `community`). */
      tag: string;
      /** The route's path before `/:id/:size.jpg`, e.g. `/media/photos`. */
      path: string;
      ttlSeconds: number;
      mode: 'hourly' | 'short';
    },
    private readonly clock: Clock = systemClock,
  ) {}

  private sig(id: string, size: PhotoSize, exp: number): string {
    return createHmac('sha256', this.opts.secret).update(`${this.opts.tag}:${id}:${size}:${exp}`).digest('base64url');
  }

  /** A link to one size of a photo; `ttlSeconds` overrides the default (a link sent to the city: days). */
  url(id: string, size: PhotoSize, now = this.clock().getTime(), ttlSeconds = this.opts.ttlSeconds): string {
    const exp =
      this.opts.mode === 'hourly' ? Math.ceil(now / 3600_000) * 3600 + ttlSeconds : Math.floor(now / 1000) + ttlSeconds;
    return `${this.opts.path}/${id}/${size}.jpg?exp=${exp}&sig=${this.sig(id, size, exp)}`;
  }

  verify(id: string, size: PhotoSize, exp: number, sig: string, now = this.clock().getTime()): boolean {
    if (!Number.isInteger(exp) || exp * 1000 < now) return false;
    const want = Buffer.from(this.sig(id, size, exp));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}
