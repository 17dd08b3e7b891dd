// The calendar job's public face (节假日与调休): the server, other jobs, scripts and tests import from here only.
export { default as calendarPlugin } from './plugin.js';
export { createCalendarContext, type CalendarContext } from './context.js';
export {
  addWorkingDays,
  addWorkingDaysWith,
  beijingDate,
  exceptionsFrom,
  isWorkingDay,
  type CalendarExceptions,
} from './working-days.js';
