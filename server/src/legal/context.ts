import path from 'node:path';
import { ATTACHMENT_URL_TTL_SECONDS } from '@nuanxin/shared/legal/constants';
import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import { LocalPhotoStorage, SignedPhotoUrls, type PhotoStorage } from '../media/index.js';

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
    signer: new SignedPhotoUrls(
      {
        secret: `legal-media:${config.jwtSecret}`,
        tag: 'legal',
        path: '/media/legal',
        ttlSeconds: ATTACHMENT_URL_TTL_SECONDS,
        mode: 'short',
      },
      now,
    ),
    config: { photoMaxBytes: config.reports.photoMaxBytes, photoMaxPixels: config.reports.photoMaxPixels },
  };
}

/** Attachment links (see SignedPhotoUrls): short-lived, ATTACHMENT_URL_TTL_SECONDS from now. */
export type AttachmentSigner = SignedPhotoUrls;
