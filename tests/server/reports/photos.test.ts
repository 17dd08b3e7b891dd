import sharp from 'sharp';
import {
  DISPLAY_KEEP_MAX,
  DISPLAY_MAX,
  processPhoto,
  stripJpegMetadata,
  thumbnailOf,
} from '../../../server/src/reports/index.js';
import { AppError } from '../../../server/src/platform/app-error.js';

const LIMITS = { maxPixels: 50_000_000 };
const SECRET = 'secret-device GPS 39.92 116.46';

/** A JPEG with EXIF, XMP and ICC like a phone's, and optionally a comment and bytes after its end. */
async function phoneJpeg(width: number, height: number, opts: { orientation?: number; trailer?: boolean } = {}) {
  const base = await sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .jpeg({ quality: 85 })
    .withMetadata({ orientation: opts.orientation ?? 1, exif: { IFD0: { Copyright: SECRET } } })
    .withXmp(
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>${SECRET}</rdf:Description></rdf:RDF></x:xmpmeta>`,
    )
    .toBuffer();
  // A comment segment right after SOI, and (like phones' depth maps) data after EOI.
  const comment = Buffer.from(SECRET);
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment]);
  return Buffer.concat([
    base.subarray(0, 2),
    com,
    base.subarray(2),
    ...(opts.trailer ? [Buffer.from(`\xff\xd8${SECRET}`, 'latin1')] : []),
  ]);
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

describe('photos: metadata never stored, pixels kept when they can be', () => {
  it('keeps an upright JPEG that fits as it was, minus EXIF, XMP, comments and trailing data', async () => {
    const input = await phoneJpeg(1700, 1300, { trailer: true });
    expect(input.includes(Buffer.from(SECRET))).toBe(true);
    const processed = await processPhoto(input, LIMITS);
    const out = { ...processed, display: Buffer.concat(processed.display) };
    expect({ w: out.width, h: out.height }).toEqual({ w: 1700, h: 1300 });
    expect(out.bytes).toBe(out.display.length);
    // Views of the upload, not copies; the thumbnail is made on first view.
    expect(processed.display.every((piece) => piece.buffer === input.buffer)).toBe(true);
    expect(processed.thumb).toBeNull();
    expect(out.display.includes(Buffer.from(SECRET))).toBe(false);
    expect(out.display.includes(Buffer.from('Exif\0'))).toBe(false);
    const meta = await sharp(out.display).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.comments ?? []).toEqual([]);
    // Same compressed image data: the pixels decode identically.
    const [a, b] = await Promise.all([sharp(input).raw().toBuffer(), sharp(out.display).raw().toBuffer()]);
    expect(a.equals(b)).toBe(true);
    expect(out.display.subarray(-2).equals(Buffer.from([0xff, 0xd9]))).toBe(true);
    expect((await sharp((await thumbnailOf(out.display))!).metadata()).width).toBe(320);
  });

  it('rotates and re-encodes a JPEG with an EXIF orientation, and one larger than the keep size', async () => {
    const rotated = await processPhoto(await phoneJpeg(400, 300, { orientation: 6 }), LIMITS);
    expect({ w: rotated.width, h: rotated.height }).toEqual({ w: 300, h: 400 });
    expect(Buffer.concat(rotated.display).includes(Buffer.from(SECRET))).toBe(false);
    // Decoded anyway, so its thumbnail is made at once.
    expect((await sharp(rotated.thumb!).metadata()).height).toBe(320);
    const large = await processPhoto(await phoneJpeg(DISPLAY_KEEP_MAX + 400, 1200), LIMITS);
    expect(large.width).toBe(DISPLAY_MAX);
    const largeDisplay = Buffer.concat(large.display);
    expect(largeDisplay.includes(Buffer.from(SECRET))).toBe(false);
    expect((await sharp(largeDisplay).metadata()).exif).toBeUndefined();
  });

  it('refuses a truncated JPEG, and one whose segments run past the end', async () => {
    const whole = await phoneJpeg(800, 600);
    expect(await refusal(processPhoto(whole.subarray(0, Math.floor(whole.length * 0.7)), LIMITS))).toBe(
      'PHOTO_NOT_IMAGE',
    );
    expect(stripJpegMetadata(whole.subarray(0, Math.floor(whole.length * 0.7)))).toBeNull();
    expect(stripJpegMetadata(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x40, 0x00, 0x01]))).toBeNull();
    expect(stripJpegMetadata(Buffer.from('not a jpeg at all'))).toBeNull();
    // A scan before any frame header, and a stray marker inside the compressed data.
    const sof = whole.indexOf(Buffer.from([0xff, 0xc0]));
    const noFrame = Buffer.from(whole);
    noFrame[sof + 1] = 0xfe; // the frame header becomes a comment
    expect(stripJpegMetadata(noFrame)).toBeNull();
    const sos = whole.indexOf(Buffer.from([0xff, 0xda]));
    const stray = Buffer.from(whole);
    stray.set([0xff, 0xc4], sos + 2 + whole.readUInt16BE(sos + 2) + 10);
    expect(stripJpegMetadata(stray)).toBeNull();
  });

  it('re-encodes formats other than JPEG (PNG with alpha) without metadata', async () => {
    const png = await sharp({
      create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .withMetadata({ exif: { IFD0: { Copyright: SECRET } } })
      .toBuffer();
    const out = await processPhoto(png, LIMITS);
    const display = Buffer.concat(out.display);
    expect((await sharp(display).metadata()).format).toBe('jpeg');
    expect(display.includes(Buffer.from(SECRET))).toBe(false);
  });
});
