import { Type, type Static } from '@sinclair/typebox';
import { DateTime, literals, Nullable, strict } from '../common/schemas.js';
import { CALENDAR_DAY_KINDS, CALENDAR_NAME_MAX, CALENDAR_YEAR_MAX, CALENDAR_YEAR_MIN } from './constants.js';

/** A calendar date in Beijing, `YYYY-MM-DD`. */
export const CalendarDate = Type.String({
  title: '日期',
  pattern: '^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
});

export const CalendarQuery = strict({
  year: Type.Integer({ title: '年份', minimum: CALENDAR_YEAR_MIN, maximum: CALENDAR_YEAR_MAX }),
});
export type CalendarQuery = Static<typeof CalendarQuery>;

export const CalendarDateParams = Type.Object({ date: CalendarDate });
export type CalendarDateParams = Static<typeof CalendarDateParams>;

export const SetCalendarDayBody = strict({
  kind: { ...literals(CALENDAR_DAY_KINDS), title: '类型' },
  name: Type.String({ title: '节日名称', minLength: 1, maxLength: CALENDAR_NAME_MAX }),
});
export type SetCalendarDayBody = Static<typeof SetCalendarDayBody>;

export const CalendarDay = Type.Object({
  date: Type.String(),
  kind: literals(CALENDAR_DAY_KINDS),
  name: Type.String(),
  /** Null for the official schedule as seeded; else when a district admin last changed it. */
  updatedAt: Nullable(DateTime),
});
export type CalendarDay = Static<typeof CalendarDay>;

export const CalendarYear = Type.Object({
  year: Type.Integer(),
  /** Whether any day of the year is entered: an empty year means its schedule is not yet known. */
  entered: Type.Boolean(),
  days: Type.Array(CalendarDay),
});
export type CalendarYear = Static<typeof CalendarYear>;
