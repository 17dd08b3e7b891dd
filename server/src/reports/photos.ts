import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError, badRequest } from '../errors/app-error.js';
import { stripJpegMetadata } from './jpeg-strip.js';

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
  display: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
}

/**
 * Checks a photo by content and refuses decompression bombs before decoding (`limitInputPixels`
 * reads the header only). Then either:
 * - an upright sRGB or grey JPEG that already fits DISPLAY_KEEP_MAX (what phones and WeChat's
 *   compressed images mostly are) is kept byte for byte minus its metadata segments — no quality
 *   lost, and about a third of the CPU of re-encoding; decoding it for the thumbnail proves it whole;
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
    try {
      const thumb = await thumbnail(
        sharp(stripped, { limitInputPixels: limits.maxPixels, failOn: 'error' }).toColourspace('srgb'),
      );
      return { display: stripped, thumb, width: meta.width, height: meta.height };
    } catch {
      throw badRequest('PHOTO_NOT_IMAGE', undefined, field);
    }
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
    return { display, thumb, width: info.width, height: info.height };
  } catch {
    // Truncated or corrupt data past the header.
    throw badRequest('PHOTO_NOT_IMAGE', undefined, field);
  }
}
