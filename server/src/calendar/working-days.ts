import { and, gte, lte } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { calendarDays } from '../db/schema/index.js';

const DAY = 86_400_000;
const BEIJING = 8 * 3600_000;
/** How far ahead the exceptions are read: longer than any run of days off (春节 9 days) allows. */
const LOOKAHEAD_DAYS = 60;

/** The Beijing calendar date of an instant, `YYYY-MM-DD`. */
export const beijingDate = (t: Date | number) => new Date(new Date(t).getTime() + BEIJING).toISOString().slice(0, 10);

/** The days that break the Monday–Friday rule: date → `off` | `work`. */
export type CalendarExceptions = ReadonlyMap<string, 'off' | 'work'>;

/** Whether a Beijing date is worked: the calendar's exception, else Monday–Friday. */
export function isWorkingDay(date: string, exceptions: CalendarExceptions): boolean {
  const kind = exceptions.get(date);
  if (kind) return kind === 'work';
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * `days` working days after `from`, at the same time of day: each day counts when it is a working
 * day in Beijing — a public holiday or 调休 day off does not, a 调休 Saturday worked does.
 */
export function addWorkingDaysWith(from: Date, days: number, exceptions: CalendarExceptions): Date {
  let t = from.getTime();
  let left = days;
  while (left > 0) {
    t += DAY;
    if (isWorkingDay(beijingDate(t), exceptions)) left--;
  }
  return new Date(t);
}

/** The calendar's exceptions from `from`'s date over the next LOOKAHEAD_DAYS (one query). */
export async function exceptionsFrom(db: Db, from: Date, span = LOOKAHEAD_DAYS): Promise<CalendarExceptions> {
  const rows = await db
    .select({ day: calendarDays.day, kind: calendarDays.kind })
    .from(calendarDays)
    .where(
      and(gte(calendarDays.day, beijingDate(from)), lte(calendarDays.day, beijingDate(from.getTime() + span * DAY))),
    );
  return new Map(rows.map((r) => [r.day, r.kind as 'off' | 'work']));
}

/** `days` working days after `from` by the calendar in the database (holidays and 调休 included). */
export async function addWorkingDays(db: Db, from: Date, days: number): Promise<Date> {
  return addWorkingDaysWith(from, days, await exceptionsFrom(db, from, LOOKAHEAD_DAYS + days * 2));
}
