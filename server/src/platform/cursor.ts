import { badRequest } from './app-error.js';

// Keyset paging cursors. A cursor comes back from the client, so it is input like any other: it
// is decoded and checked here (a real uuid, an instant PostgreSQL can hold) and refused as
// 400 CURSOR_INVALID, never passed to SQL to fail there.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Latest instant a cursor may name (PostgreSQL's timestamptz holds far more; nothing of ours is later). */
const MAX_TIME = Date.UTC(9999, 11, 31);

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** An instant in milliseconds a cursor may carry: finite, from 1970 to 9999. */
export const isCursorTime = (ms: unknown): ms is number =>
  typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME;

export const cursorInvalid = () => badRequest('CURSOR_INVALID', undefined, 'cursor');

/** "<instant ISO>|<id>" of the last row shown, for lists ordered by (time, id). */
export const encodeTimeCursor = (row: { at: Date; id: string }): string =>
  Buffer.from(`${row.at.toISOString()}|${row.id}`).toString('base64url');

/** The row a time cursor names; 400 CURSOR_INVALID unless it is one this API could have written. */
export function decodeTimeCursor(cursor: string): { at: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (rest.length > 0 || !isUuid(id) || !isCursorTime(date.getTime())) throw cursorInvalid();
  return { at: date, id };
}
