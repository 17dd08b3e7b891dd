import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError, badRequest } from '../platform/app-error.js';
import { photoKey } from './signer.js';
import { stripJpegMetadata } from './jpeg-strip.js';
import type { StagedFile } from './storage.js';

// Decoded pixel buffers are large and short-lived; libvips' operation cache would only hold on to
// memory across 1,000s of uploads (the bench checks the heap stays flat).
sharp.cache(false);

/** Formats we accept, by their decoded content (sharp's sniffing), never by name or MIME type. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif']);

/** Long edge of a photo that is re-encoded (larger than DISPLAY_KEEP_MAX, rotated, or not a JPEG). */
export const DISPLAY_MAX = 1280;
/** An upright JPEG up to this long edge is kept as sent, minus its metadata: no re-encoding. */
export const DISPLAY_KEEP_MAX = 2048;
export const THUMB_MAX = 320;

/** The thumbnail of either path: fit THUMB_MAX, JPEG quality 70. */
const thumbnail = (image: Sharp) =>
  image
    .resize({ width: THUMB_MAX, height: THUMB_MAX, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 70 })
    .toBuffer();

export interface ProcessedPhoto {
  /** The photo to store, as the pieces of one file (a kept JPEG's own segments, not copied). */
  display: Buffer[];
  bytes: number;
  /** Made here when the photo was decoded anyway; null for a kept JPEG (see `thumbnailOf`). */
  thumb: Buffer | null;
  width: number;
  height: number;
}

/**
 * The thumbnail of a stored display photo, made when first asked for (as FixMyStreet resizes its
 * photos on first view and caches them): decoding a 2 MB phone JPEG takes about 25 ms of CPU, more
 * than the rest of a submission, and the rider waiting on a slow network should not pay it. Null
 * when the stored photo does not decode (its structure was checked at submit, its pixels not).
 */
export async function thumbnailOf(display: Buffer): Promise<Buffer | null> {
  try {
    return await thumbnail(sharp(display, { failOn: 'error' }).toColourspace('srgb'));
  } catch {
    return null;
  }
}

/**
 * Checks a photo by content and refuses decompression bombs before decoding (`limitInputPixels`
 * reads the header only). Then either:
 * - an upright sRGB or grey JPEG that already fits DISPLAY_KEEP_MAX (what phones and WeChat's
 *   compressed images mostly are) is kept byte for byte minus its metadata segments — no quality
 *   lost and no decoding here: its header was read above and every segment and marker of its
 *   compressed data walked (a truncated or overrunning file is refused); its thumbnail is made on
 *   first view (`thumbnailOf`);
 * - anything else is auto-oriented from EXIF, resized to DISPLAY_MAX and re-encoded without any
 *   metadata (sharp drops it unless asked to keep it).
 * Either way GPS and device tags never reach storage.
 */
export async function processPhoto(
  data: Buffer,
  limits: { maxPixels: number },
  field = 'photos',
): Promise<ProcessedPhoto> {
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch {
    throw badRequest('PHOTO_NOT_IMAGE', undefined, field);
  }
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) throw badRequest('PHOTO_NOT_IMAGE', undefined, field);
  if (!meta.width || !meta.height) throw badRequest('PHOTO_NOT_IMAGE', undefined, field);
  if (meta.width * meta.height > limits.maxPixels) throw new AppError(413, 'PHOTO_TOO_MANY_PIXELS', undefined, field);

  const keep =
    meta.format === 'jpeg' &&
    (meta.orientation ?? 1) === 1 &&
    Math.max(meta.width, meta.height) <= DISPLAY_KEEP_MAX &&
    (meta.space === 'srgb' || meta.space === 'b-w');
  const stripped = keep ? stripJpegMetadata(data) : null;
  if (stripped) {
    const bytes = stripped.reduce((n, piece) => n + piece.length, 0);
    return { display: stripped, bytes, thumb: null, width: meta.width, height: meta.height };
  }

  try {
    // Decode once: auto-orient, flatten any alpha onto white, fit the display size, keep raw pixels;
    // both JPEGs are encoded from them (the thumbnail would otherwise decode the display JPEG again).
    const { data: pixels, info } = await sharp(data, { limitInputPixels: limits.maxPixels, failOn: 'error' })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: DISPLAY_MAX, height: DISPLAY_MAX, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    const display = await sharp(pixels, raw).jpeg({ quality: 80 }).toBuffer();
    const thumb = await thumbnail(sharp(pixels, raw));
    return { display: [display], bytes: display.length, thumb, width: info.width, height: info.height };
  } catch {
    // Truncated or corrupt data past the header.
    throw badRequest('PHOTO_NOT_IMAGE', undefined, field);
  }
}

/** The files of a processed photo under its storage key: the display size, and the thumbnail if made. */
export function photoFiles(storageKey: string, photo: ProcessedPhoto): StagedFile[] {
  const files: StagedFile[] = [{ key: photoKey(storageKey, 'display'), data: photo.display }];
  if (photo.thumb) files.push({ key: photoKey(storageKey, 'thumb'), data: photo.thumb });
  return files;
}
