import { ACCEPT_WITHIN_WORKING_DAYS, CLOSE_WITHIN_DAYS, REOPEN_WITHIN_DAYS } from '@nuanxin/shared/legal/constants';

const DAY = 86_400_000;
const BEIJING = 8 * 3600_000;

/** `days` working days (Monday–Friday in Beijing) after `from`, at the same time of day. */
export function addWorkingDays(from: Date, days: number): Date {
  let t = from.getTime();
  let left = days;
  while (left > 0) {
    t += DAY;
    const weekday = new Date(t + BEIJING).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(t);
}

export const acceptDue = (submittedAt: Date) => addWorkingDays(submittedAt, ACCEPT_WITHIN_WORKING_DAYS);
export const closeDue = (from: Date) => new Date(from.getTime() + CLOSE_WITHIN_DAYS * DAY);
export const reopenUntil = (closedAt: Date) => new Date(closedAt.getTime() + REOPEN_WITHIN_DAYS * DAY);
