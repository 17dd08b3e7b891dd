// Client-safe constants of the working-day calendar: no imports, `as const` only.

/** `off`: a public holiday (or a day off of its 调休); `work`: a make-up working day (调休上班). */
export const CALENDAR_DAY_KINDS = ['off', 'work'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export const CALENDAR_DAY_KIND_LABELS = { off: '放假', work: '调休上班' } as const satisfies Record<
  CalendarDayKind,
  string
>;

/** The holiday's name as people say it (元旦, 春节, 国庆节 …). */
export const CALENDAR_NAME_MAX = 20;
/** Years the calendar can hold. */
export const CALENDAR_YEAR_MIN = 2020;
export const CALENDAR_YEAR_MAX = 2100;
/** Years whose official schedule (国务院办公厅通知) is entered; later ones must be added when published. */
export const CALENDAR_OFFICIAL_YEARS = [2026] as const;
