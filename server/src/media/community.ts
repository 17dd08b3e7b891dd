import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { eq, inArray } from 'drizzle-orm';
import type { Config } from '../platform/config.js';
import type { Db } from '../db/client.js';
import { communityPhotos } from '../db/schema/index.js';
import { systemClock, type Clock } from '../platform/context.js';
import { registerPhotoRoute } from './serve.js';
import { stagePhoto } from './staged.js';
import { photoKey, SignedPhotoUrls } from './signer.js';
import { LocalPhotoStorage, type PhotoStorage, type StagedFiles } from './storage.js';

/** Community photo links live this long: shown in a list, not meant to be shared. */
export const COMMUNITY_PHOTO_URL_TTL_SECONDS = 15 * 60;

export type CommunityPhotoPurpose = 'task_done' | 'wish' | 'wish_fulfil';

/** The photo side of the community jobs (随手帮, 微心愿): storage, links, limits. */
export interface CommunityPhotos {
  storage: PhotoStorage;
  signer: SignedPhotoUrls;
  maxBytes: number;
  maxPixels: number;
}

/**
 * Their own folder, `<UPLOAD_DIR>-community` (as legal's): never inside UPLOAD_DIR, whose crash
 * sweep deletes every file without a report_photos row.
 */
export function communityUploadDir(config: Config): string {
  const dir = config.reports.uploadDir;
  return path.join(path.dirname(dir), `${path.basename(dir)}-community`);
}

export function createCommunityPhotos(
  config: Config,
  now: Clock = systemClock,
  storage?: PhotoStorage,
): CommunityPhotos {
  return {
    storage: storage ?? new LocalPhotoStorage(communityUploadDir(config)),
    // A key of its own: a report or legal signature never opens a community photo, nor the reverse.
    signer: new SignedPhotoUrls(
      {
        secret: `community-media:${config.jwtSecret}`,
        tag: 'community',
        path: '/media/community',
        ttlSeconds: COMMUNITY_PHOTO_URL_TTL_SECONDS,
        mode: 'short',
      },
      now,
    ),
    maxBytes: config.reports.photoMaxBytes,
    maxPixels: config.reports.photoMaxPixels,
  };
}

/** A processed, staged photo: insert `row` in the transaction, then commit with `withStagedPhoto`. */
export interface PreparedPhoto {
  row: typeof communityPhotos.$inferInsert;
  files: StagedFiles;
}

/** Stages a community photo (`stagePhoto`, under `community/`) and the row to insert for it. */
export async function preparePhoto(
  photos: CommunityPhotos,
  data: Buffer,
  input: { purpose: CommunityPhotoPurpose; riderId: string; uploadedBy: string; now: Date; field: string },
): Promise<PreparedPhoto> {
  const p = await stagePhoto(photos.storage, data, {
    prefix: 'community',
    maxPixels: photos.maxPixels,
    now: input.now,
    field: input.field,
  });
  return {
    files: p.files,
    row: {
      id: p.id,
      purpose: input.purpose,
      riderId: input.riderId,
      uploadedBy: input.uploadedBy,
      storageKey: p.storageKey,
      width: p.width,
      height: p.height,
      bytes: p.bytes,
      createdAt: input.now,
    },
  };
}

/** Signed links to a photo for a viewer the caller has already allowed; null without a photo. */
export function photoLinks(photos: CommunityPhotos, id: string | null): { url: string; thumbUrl: string } | null {
  if (!id) return null;
  return { url: photos.signer.url(id, 'display'), thumbUrl: photos.signer.url(id, 'thumb') };
}

/** `/media/community/:id/:size`: the bytes behind a signed link (registered once, by the tasks plugin). */
export function registerCommunityPhotoRoute(app: FastifyInstance, db: Db, photos: CommunityPhotos): void {
  registerPhotoRoute(app, {
    path: '/media/community',
    signer: photos.signer,
    storage: photos.storage,
    cacheControl: 'private, no-store',
    storageKeyOf: async (id) => {
      const [row] = await db
        .select({ key: communityPhotos.storageKey })
        .from(communityPhotos)
        .where(eq(communityPhotos.id, id));
      return row?.key ?? null;
    },
  });
}

/** The rider's community photos for the data export: `community-photos/<purpose>-<id>.jpg`. */
export async function exportRiderCommunityPhotos(
  db: Db,
  storage: PhotoStorage,
  riderId: string,
): Promise<{
  index: { id: string; purpose: string; file: string | null; at: string }[];
  files: Record<string, Uint8Array>;
}> {
  const rows = await db.select().from(communityPhotos).where(eq(communityPhotos.riderId, riderId));
  const files: Record<string, Uint8Array> = {};
  const index = [];
  for (const row of rows) {
    const bytes = await storage.read(photoKey(row.storageKey, 'display'));
    const file = bytes ? `community-photos/${row.purpose}-${row.id}.jpg` : null;
    if (file && bytes) files[file] = new Uint8Array(bytes);
    index.push({ id: row.id, purpose: row.purpose, file, at: row.createdAt.toISOString() });
  }
  return { index, files };
}

/**
 * Account deletion (inside the privacy job's transaction): every community photo of the rider's
 * records is deleted (the claims and wishes pointing at them lose the link); returns the storage
 * keys whose files to remove once the transaction has committed.
 */
export async function eraseRiderCommunityPhotos(tx: Db, riderId: string): Promise<string[]> {
  const rows = await tx
    .delete(communityPhotos)
    .where(eq(communityPhotos.riderId, riderId))
    .returning({ key: communityPhotos.storageKey });
  return rows.map((r) => r.key);
}

/** Deletes photo rows by id (a wish deleted with its photos) and returns their storage keys. */
export async function deleteCommunityPhotos(tx: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .delete(communityPhotos)
    .where(inArray(communityPhotos.id, ids))
    .returning({ key: communityPhotos.storageKey });
  return rows.map((r) => r.key);
}
