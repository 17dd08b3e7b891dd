import QRCode from 'qrcode';
import sharp from 'sharp';
import type { Acting } from '../auth/index.js';
import type { AccessContext } from './context.js';
import { gateCodeUrl } from './codes.js';
import { gateInScope } from './gates.js';

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

const WIDTH = 1200;
const HEIGHT = 1700;
const FONT = "'PingFang SC','Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei',sans-serif";

/**
 * An A-size poster: title, the QR (error correction M, a quiet zone of 4 modules so any reader
 * finds it), community and gate name, one instruction. The QR is vector paths from `qrcode`.
 */
export async function posterSvg(title: { community: string; gate: string }, url: string): Promise<string> {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const side = 900;
  const cell = side / (n + quiet * 2);
  const x0 = (WIDTH - side) / 2;
  const y0 = 330;
  let path = '';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c))
        path += `M${(x0 + (c + quiet) * cell).toFixed(2)} ${(y0 + (r + quiet) * cell).toFixed(2)}h${cell.toFixed(2)}v${cell.toFixed(2)}h-${cell.toFixed(2)}z`;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>
<rect width="${WIDTH}" height="250" fill="#c2410c"/>
<text x="${WIDTH / 2}" y="165" text-anchor="middle" font-family="${FONT}" font-size="110" font-weight="700" fill="#ffffff">暖新码</text>
<rect x="${x0}" y="${y0}" width="${side}" height="${side}" fill="#ffffff"/>
<path d="${path}" fill="#000000"/>
<text x="${WIDTH / 2}" y="1370" text-anchor="middle" font-family="${FONT}" font-size="84" font-weight="700" fill="#18181b">${escapeXml(title.community)}</text>
<text x="${WIDTH / 2}" y="1480" text-anchor="middle" font-family="${FONT}" font-size="72" fill="#18181b">${escapeXml(title.gate)}</text>
<text x="${WIDTH / 2}" y="1610" text-anchor="middle" font-family="${FONT}" font-size="52" fill="#3f3f46">骑手请打开微信“暖新”小程序，扫码进门</text>
</svg>`;
}

export async function gatePoster(ctx: Acting<AccessContext>, input: { id: string; format: 'svg' | 'png' }) {
  const { format } = input;
  const { gate, community } = await gateInScope(ctx, input.id);
  const svg = await posterSvg(
    { community: community.name, gate: gate.name },
    gateCodeUrl(ctx.config, gate.id, gate.codeVersion),
  );
  const filename = `nuanxin-${gate.id.slice(0, 8)}-v${gate.codeVersion}.${format}`;
  if (format === 'svg') return { body: Buffer.from(svg), contentType: 'image/svg+xml; charset=utf-8', filename };
  // librsvg (inside sharp) rasterises the text with the system's CJK font.
  const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 9, palette: true }).toBuffer();
  return { body: png, contentType: 'image/png', filename };
}
