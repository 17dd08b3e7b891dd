import { createHmac, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { ATTACHMENT_URL_TTL_SECONDS } from '@nuanxin/shared/legal/constants';
import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import { LocalPhotoStorage, type PhotoSize, type PhotoStorage } from '../reports/index.js';

/** What every legal use case receives; built once by the plugin (and by jobs.ts, tests). */
export interface LegalContext extends ServiceContext {
  /** The case attachments' own folder (reports' photo sweep would remove files it has no row for). */
  storage: PhotoStorage;
  signer: AttachmentSigner;
  config: { photoMaxBytes: number; photoMaxPixels: number };
}

/**
 * Attachments live beside the report photos, in a folder of their own: `<UPLOAD_DIR>-legal`
 * (data/uploads-legal by default), never inside UPLOAD_DIR, whose crash sweep deletes every file
 * without a report_photos row.
 */
export function legalUploadDir(config: Config): string {
  const dir = config.reports.uploadDir;
  return path.join(path.dirname(dir), `${path.basename(dir)}-legal`);
}

export function createLegalContext(
  db: Db,
  config: Config,
  now: Clock = systemClock,
  storage?: PhotoStorage,
): LegalContext {
  return {
    db,
    now,
    storage: storage ?? new LocalPhotoStorage(legalUploadDir(config)),
    // A key of its own: a report photo's signature never opens a case attachment, nor the reverse.
    signer: new AttachmentSigner(`legal-media:${config.jwtSecret}`, now),
    config: { photoMaxBytes: config.reports.photoMaxBytes, photoMaxPixels: config.reports.photoMaxPixels },
  };
}

/**
 * Signed attachment URLs, short-lived on purpose: a case's screenshots are more private than a
 * pothole, so a link copied out of the app stops working after ATTACHMENT_URL_TTL_SECONDS (not
 * rounded to the hour as report photos are). Reckoned on the job's clock.
 */
export class AttachmentSigner {
  constructor(
    private readonly secret: string,
    private readonly clock: Clock = systemClock,
  ) {}

  private sig(id: string, size: PhotoSize, exp: number): string {
    return createHmac('sha256', this.secret).update(`legal:${id}:${size}:${exp}`).digest('base64url');
  }

  url(id: string, size: PhotoSize): string {
    const exp = Math.floor(this.clock().getTime() / 1000) + ATTACHMENT_URL_TTL_SECONDS;
    return `/media/legal/${id}/${size}.jpg?exp=${exp}&sig=${this.sig(id, size, exp)}`;
  }

  verify(id: string, size: PhotoSize, exp: number, sig: string): boolean {
    if (!Number.isInteger(exp) || exp * 1000 < this.clock().getTime()) return false;
    const want = Buffer.from(this.sig(id, size, exp));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}
