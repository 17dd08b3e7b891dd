import { createHash } from 'node:crypto';

/**
 * A transfer or voucher id derived from what it is for (a report, a rider's idempotency key, a
 * voucher). The same request always derives the same id, so repeating it finds the first transfer
 * instead of making a second one (TigerBeetle's "one id per transfer").
 */
export function derivedId(...parts: string[]): string {
  const h = createHash('sha256')
    .update(['nuanxin-points', ...parts].join('\u0000'))
    .digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
