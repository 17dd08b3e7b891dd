import QRCode from 'qrcode';
import sharp from 'sharp';
import type { Acting } from '../auth/index.js';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { gates } from '../db/schema/index.js';
import type { AccessContext } from './context.js';
import { formatGateNumber, gateCodeUrl, newGateNumber } from './codes.js';
import { gateInScope } from './gates.js';

const isUniqueViolation = (err: unknown) => {
  for (let e = err as { code?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as never, i++) {
    if (e.code === '23505') return true;
  }
  return false;
};

/**
 * The gate's 门岗号, given the first time its poster is made (a poster printed before had none to
 * print). Two admins printing at once get the same number: only a row without one is updated.
 */
export async function ensureGateNumber(db: Db, gate: { id: string; shortCode: string | null }): Promise<string> {
  if (gate.shortCode) return gate.shortCode;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const [set] = await db
        .update(gates)
        .set({ shortCode: newGateNumber() })
        .where(and(eq(gates.id, gate.id), isNull(gates.shortCode)))
        .returning({ shortCode: gates.shortCode });
      if (set?.shortCode) return set.shortCode;
      const [now] = await db.select({ shortCode: gates.shortCode }).from(gates).where(eq(gates.id, gate.id));
      if (now?.shortCode) return now.shortCode;
    } catch (err) {
      // Another gate holds that number (1 in 90 million per gate): draw again.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error('no free gate number');
}

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

const WIDTH = 1200;
const HEIGHT = 1700;
const FONT = "'PingFang SC','Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei',sans-serif";

/**
 * An A-size poster: title, the QR (error correction M, a quiet zone of 4 modules so any reader
 * finds it), the 门岗号 under it (typed by a rider whose browser cannot scan), community and gate
 * name, one instruction. The QR is vector paths from `qrcode`.
 */
export async function posterSvg(
  title: { community: string; gate: string; number: string },
  url: string,
): Promise<string> {
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
<text x="${WIDTH / 2}" y="1290" text-anchor="middle" font-family="${FONT}" font-size="56" font-weight="700" fill="#18181b" class="nx-gate-number">门岗号 ${formatGateNumber(title.number)}</text>
<text x="${WIDTH / 2}" y="1390" text-anchor="middle" font-family="${FONT}" font-size="76" font-weight="700" fill="#18181b">${escapeXml(title.community)}</text>
<text x="${WIDTH / 2}" y="1490" text-anchor="middle" font-family="${FONT}" font-size="64" fill="#18181b">${escapeXml(title.gate)}</text>
<text x="${WIDTH / 2}" y="1590" text-anchor="middle" font-family="${FONT}" font-size="50" fill="#3f3f46">骑手请用微信“暖新”小程序扫码进门</text>
<text x="${WIDTH / 2}" y="1670" text-anchor="middle" font-family="${FONT}" font-size="40" fill="#52525b">浏览器里不能扫码时，在“扫码进门”页输入门岗号</text>
</svg>`;
}

export async function gatePoster(ctx: Acting<AccessContext>, input: { id: string; format: 'svg' | 'png' }) {
  const { format } = input;
  const { gate, community } = await gateInScope(ctx, input.id);
  const number = await ensureGateNumber(ctx.db, gate);
  const svg = await posterSvg(
    { community: community.name, gate: gate.name, number },
    gateCodeUrl(ctx.config, gate.id, gate.codeVersion),
  );
  const filename = `nuanxin-${gate.id.slice(0, 8)}-v${gate.codeVersion}.${format}`;
  if (format === 'svg') return { body: Buffer.from(svg), contentType: 'image/svg+xml; charset=utf-8', filename };
  // librsvg (inside sharp) rasterises the text with the system's CJK font.
  const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 9, palette: true }).toBuffer();
  return { body: png, contentType: 'image/png', filename };
}
