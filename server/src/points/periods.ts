// Days, weeks and months are Beijing time (UTC+8, no daylight saving): a rider's "today" and a
// merchant's "this month" must not flip at 08:00 local time.
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export type Period = 'day' | 'week' | 'month';

/** The instant a Beijing day / ISO week (Monday) / month starts, for the moment `at`. */
export function periodStart(period: Period, at: Date): Date {
  const local = new Date(at.getTime() + OFFSET_MS);
  let startLocal: number;
  if (period === 'month') {
    startLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1);
  } else {
    const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
    startLocal = period === 'day' ? day : day - ((local.getUTCDay() + 6) % 7) * DAY_MS;
  }
  return new Date(startLocal - OFFSET_MS);
}

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Beijing wall-clock time of an instant, "YYYY-MM-DD HH:mm", for notice texts. */
export function beijingDateTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

export const addDays = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS);
