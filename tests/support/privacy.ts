import { Transform, type Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';

// The privacy audit (#19): everything the server sends or logs during the suite is scanned for a
// full mainland mobile number or a resident ID number; a hit fails the test file that produced it
// (support/privacy-setup.ts). What the tests send is not scanned: only the server's own words.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

// Digit runs not glued to a letter, digit or decimal point: a uuid's hex, a base64 token or the
// fraction of a coordinate (39.13812345678) is not a phone number.
const PHONE = /(?<![0-9A-Za-z.])1[3-9]\d{9}(?![0-9A-Za-z])/g;
const ID18 = /(?<![0-9A-Za-z.])[1-8]\d{16}[0-9Xx](?![0-9A-Za-z])/g;
const ID15 = /(?<![0-9A-Za-z.])[1-8]\d{14}(?![0-9A-Za-z.])/g;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** An 18-digit resident ID: a birth date that exists and the ISO 7064 checksum. */
export function isResidentId18(s: string): boolean {
  const y = Number(s.slice(6, 10));
  if (y < 1900 || y > 2099 || !validDate(y, Number(s.slice(10, 12)), Number(s.slice(12, 14)))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === s[17]!.toUpperCase();
}

/** A 15-digit (pre-1999) resident ID: a yymmdd birth date that exists. */
export function isResidentId15(s: string): boolean {
  return validDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)));
}

export interface PrivacyHit {
  kind: 'phone' | 'id18' | 'id15';
  value: string;
  /** Where: "response GET /api/v1/…" or "log". */
  where: string;
  excerpt: string;
}

/** Full phone and ID numbers in a text (empty when none). */
export function findPersonalNumbers(text: string): { kind: PrivacyHit['kind']; value: string; index: number }[] {
  const found: { kind: PrivacyHit['kind']; value: string; index: number }[] = [];
  for (const m of text.matchAll(PHONE)) found.push({ kind: 'phone', value: m[0], index: m.index });
  for (const m of text.matchAll(ID18))
    if (isResidentId18(m[0])) found.push({ kind: 'id18', value: m[0], index: m.index });
  for (const m of text.matchAll(ID15))
    if (isResidentId15(m[0])) found.push({ kind: 'id15', value: m[0], index: m.index });
  return found;
}

const store = globalThis as { __nxPrivacyHits?: PrivacyHit[] };

/** Hits recorded in this test file so far (one jest module registry per file). */
export function privacyHits(): PrivacyHit[] {
  return (store.__nxPrivacyHits ??= []);
}

export function scanForPrivacy(text: string, where: string): void {
  // Cheap pre-check: most bodies have no run of 11 digits at all.
  if (!/\d{11}/.test(text)) return;
  for (const f of findPersonalNumbers(text)) {
    const excerpt = text.slice(Math.max(0, f.index - 60), f.index + f.value.length + 60).replace(/\s+/g, ' ');
    privacyHits().push({ kind: f.kind, value: f.value, where, excerpt });
  }
}

// Bodies the server sends that people or partners read: the API, Open311, health and errors.
// The H5 bundle and Swagger UI's files are served code, not data.
const SCANNED_URL = /^\/(api|open311|health|ready)(\/|$|\?|\.)/;
const SKIPPED_TYPE = /^(image|font)\/|javascript|octet-stream/;

/**
 * Adds the audit to an app before it is ready: every response body (strings, buffers and
 * streamed CSVs alike) is scanned as it goes out.
 */
export function auditResponses(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.raw.url ?? request.url;
    const type = String(reply.getHeader('content-type') ?? '');
    if ((!SCANNED_URL.test(url) && reply.statusCode < 400) || SKIPPED_TYPE.test(type)) return payload;
    const where = `response ${request.method} ${url.split('?')[0]} ${reply.statusCode}`;
    if (typeof payload === 'string') scanForPrivacy(payload, where);
    else if (Buffer.isBuffer(payload)) scanForPrivacy(payload.toString('utf8'), where);
    else if (payload && typeof (payload as Readable).pipe === 'function') {
      // A streamed body: scanned as a whole when it ends, passed through unchanged.
      const chunks: Buffer[] = [];
      const tap = new Transform({
        transform(chunk, _enc, cb) {
          chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
          cb(null, chunk);
        },
        flush(cb) {
          scanForPrivacy(Buffer.concat(chunks).toString('utf8'), where);
          cb();
        },
      });
      (payload as Readable).on('error', (err) => tap.destroy(err));
      return (payload as Readable).pipe(tap);
    }
    return payload;
  });
}

/** A report of the hits, for the failure message. */
export function describeHits(hits: PrivacyHit[]): string {
  return hits
    .slice(0, 20)
    .map((h) => `  ${h.kind} ${h.value} in ${h.where}: …${h.excerpt}…`)
    .join('\n');
}
