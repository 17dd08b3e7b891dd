import { randomUUID } from 'node:crypto';
import { photoFiles, processPhoto } from './photos.js';
import { photoKey } from './signer.js';
import type { PhotoStorage, StagedFiles } from './storage.js';

/** A photo checked, re-encoded and staged under its storage key; its row is the caller's to write. */
export interface StagedPhoto {
  id: string;
  storageKey: string;
  width: number;
  height: number;
  bytes: number;
  files: StagedFiles;
}

/**
 * Checks and re-encodes a photo (content sniffing, pixel cap, EXIF/GPS removed: `processPhoto`)
 * and stages its files under `<prefix>/<YYYY-MM>/<id>`, before the caller's transaction: nothing
 * is visible until `withStagedPhoto` commits it.
 */
export async function stagePhoto(
  storage: PhotoStorage,
  data: Buffer,
  opts: { prefix: string; maxPixels: number; now: Date; field: string },
): Promise<StagedPhoto> {
  const p = await processPhoto(data, { maxPixels: opts.maxPixels }, opts.field);
  const id = randomUUID();
  const storageKey = `${opts.prefix}/${opts.now.toISOString().slice(0, 7)}/${id}`;
  const files = await storage.stage(photoFiles(storageKey, p));
  return { id, storageKey, width: p.width, height: p.height, bytes: p.bytes, files };
}

/**
 * Runs `write` (one transaction that inserts the photo's row) and commits the staged files after
 * it, or discards them if it fails: no row without its file, no orphan file.
 */
export async function withStagedPhoto<T>(
  staged: { files: StagedFiles } | null | undefined,
  write: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await write();
  } catch (err) {
    await staged?.files.discard();
    throw err;
  }
  await staged?.files.commit();
  return result;
}

/** Removes both sizes of photos whose rows were deleted (after the deleting transaction). */
export async function removePhotoFiles(storage: PhotoStorage, keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    await storage.remove(photoKey(key, 'display'));
    await storage.remove(photoKey(key, 'thumb'));
  }
}
