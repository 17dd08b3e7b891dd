import { ACCEPT_WITHIN_WORKING_DAYS, CLOSE_WITHIN_DAYS, REOPEN_WITHIN_DAYS } from '@nuanxin/shared/legal/constants';
import { addWorkingDays } from '../calendar/index.js';
import type { Db } from '../db/client.js';

const DAY = 86_400_000;

/**
 * 受理 within ACCEPT_WITHIN_WORKING_DAYS working days, at the same time of day: by the calendar
 * (calendar job) — public holidays and their 调休 days off do not count, a 调休 Saturday worked does.
 */
export const acceptDue = (db: Db, submittedAt: Date) => addWorkingDays(db, submittedAt, ACCEPT_WITHIN_WORKING_DAYS);
/** 办结 and the reopen window are calendar days (30 and 15), not working days. */
export const closeDue = (from: Date) => new Date(from.getTime() + CLOSE_WITHIN_DAYS * DAY);
export const reopenUntil = (closedAt: Date) => new Date(closedAt.getTime() + REOPEN_WITHIN_DAYS * DAY);
