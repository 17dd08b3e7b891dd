// Lossless removal of a JPEG's metadata: the segments are rewritten, the compressed image data is
// copied byte for byte, so a photo that needs no resizing or rotation is stored exactly as it was
// taken, minus what could identify the rider's device, place or time.

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const COM = 0xfe;

const ascii = (data: Buffer, at: number, text: string) =>
  data.length >= at + text.length && data.toString('latin1', at, at + text.length) === text;

/** Segments worth keeping: JFIF (APP0), the ICC colour profile (APP2) and Adobe's colour transform (APP14). */
function keepSegment(marker: number, data: Buffer, payloadAt: number): boolean {
  if (marker === 0xe0) return ascii(data, payloadAt, 'JFIF\0') || ascii(data, payloadAt, 'JFXX\0');
  if (marker === 0xe2) return ascii(data, payloadAt, 'ICC_PROFILE\0');
  if (marker === 0xee) return ascii(data, payloadAt, 'Adobe');
  // Every other APPn (EXIF and XMP in APP1 — GPS, device, time —, MPF, IPTC, maker notes) and comments.
  return !((marker >= 0xe0 && marker <= 0xef) || marker === COM);
}

/** Start-of-frame markers (SOF0–SOF15 minus DHT, JPG and DAC): the header giving size and components. */
const isFrameHeader = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * The JPEG without metadata segments and without anything after its end (phones append depth maps
 * and second pictures there), as pieces of `data` to be written one after another (views, not
 * copies: a photo is 2 MB). Null when `data` is not a well-formed JPEG (no SOI, a segment running
 * past the end, a scan before the frame header, a stray marker inside compressed data, no EOI):
 * the caller then re-encodes it, which refuses what cannot be decoded.
 */
export function stripJpegMetadata(data: Buffer): Buffer[] | null {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== SOI) return null;
  const parts: Buffer[] = [data.subarray(0, 2)];
  let framed = false;
  let scanned = false;
  let pos = 2;
  while (pos < data.length) {
    if (data[pos] !== 0xff) return null;
    // Fill bytes: any number of 0xFF before a marker.
    while (pos + 1 < data.length && data[pos + 1] === 0xff) pos++;
    if (pos + 1 >= data.length) return null;
    const marker = data[pos + 1]!;
    if (marker === EOI) {
      if (!scanned) return null;
      parts.push(data.subarray(pos, pos + 2));
      return parts;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      // Stand-alone markers (restart, TEM) carry no length.
      parts.push(data.subarray(pos, pos + 2));
      pos += 2;
      continue;
    }
    if (marker === 0x00 || marker === SOI || pos + 4 > data.length) return null;
    const end = pos + 2 + data.readUInt16BE(pos + 2);
    if (end > data.length || end < pos + 4) return null;
    if (keepSegment(marker, data, pos + 4)) parts.push(data.subarray(pos, end));
    pos = end;
    if (isFrameHeader(marker)) framed = true;
    if (marker === SOS) {
      if (!framed) return null;
      scanned = true;
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
      let next = data.indexOf(0xff, pos);
      while (next >= 0 && next + 1 < data.length) {
        const b = data[next + 1]!;
        if (b !== 0x00 && !(b >= 0xd0 && b <= 0xd7) && b !== 0xff) break;
        next = data.indexOf(0xff, b === 0xff ? next + 1 : next + 2);
      }
      if (next < 0) return null;
      if (next + 1 >= data.length) return null;
      parts.push(data.subarray(pos, next));
      pos = next;
    }
  }
  return null;
}
