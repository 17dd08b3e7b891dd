import { deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

// The QR of a voucher as a 1-bit PNG data URL. qrcode's own PNG path goes through pngjs (a
// pure-JS deflate, tens of ms per image); this writes the few PNG chunks directly and lets
// node's native zlib compress, well under a millisecond. PNG rather than SVG because WeChat's
// <Image> reliably shows PNG data URLs.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** `scale` pixels per module and a 4-module quiet zone, which scanners need around the code. */
export function qrPngDataUrl(text: string, scale = 8, quietZone = 4): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const size = (n + 2 * quietZone) * scale;
  const rowBytes = Math.ceil(size / 8);
  const raw = Buffer.alloc((rowBytes + 1) * size, 0);
  // One pixel row per module row, copied `scale` times (filter byte 0 = none; bit 1 = white).
  const line = Buffer.alloc(rowBytes + 1, 0);
  for (let my = -quietZone; my < n + quietZone; my++) {
    line.fill(0);
    for (let x = 0; x < size; x++) {
      const mx = Math.floor(x / scale) - quietZone;
      const dark = mx >= 0 && my >= 0 && mx < n && my < n && qr.modules.get(my, mx) === 1;
      if (!dark) line[1 + (x >> 3)]! |= 0x80 >> (x & 7);
    }
    for (let k = 0; k < scale; k++) line.copy(raw, ((my + quietZone) * scale + k) * (rowBytes + 1));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // grayscale
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}
