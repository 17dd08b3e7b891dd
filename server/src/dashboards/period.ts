import { DASHBOARD_MAX_DAYS, type DashboardPeriod } from '@nuanxin/shared/dashboards/constants';
import { badRequest } from '../platform/app-error.js';

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991): a fixed offset is exact. */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export interface Period {
  /** First and last day, both inclusive, YYYY-MM-DD in Asia/Shanghai. */
  from: string;
  to: string;
  days: number;
  /** [start, end): Shanghai midnight of `from` to Shanghai midnight after `to`. */
  start: Date;
  end: Date;
}

/** The Shanghai calendar day of an instant. */
export const shanghaiDay = (at: Date): string => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** Milliseconds since epoch of a Shanghai day's midnight, or null when the text is not a real date. */
function dayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(utc).toISOString().slice(0, 10) !== day) return null; // 2026-02-30 and the like
  return utc - OFFSET_MS;
}

/**
 * The period of a figure: today, the last 7 or 30 days (today included), or a custom from/to,
 * in Asia/Shanghai days. Refuses (400, in Chinese) a missing or impossible date, from after to,
 * a range longer than DASHBOARD_MAX_DAYS, and a range starting after today.
 */
export function resolvePeriod(q: { period?: DashboardPeriod; from?: string; to?: string }, now: Date): Period {
  const today = shanghaiDay(now);
  const todayStart = dayStart(today)!;
  const period = q.period ?? (q.from || q.to ? 'custom' : '7d');
  let startMs: number;
  let endMs: number;
  if (period === 'custom') {
    if (!q.from) throw badRequest('DASHBOARD_PERIOD_INVALID', '自定义时间段请填写开始日期', 'from');
    if (!q.to) throw badRequest('DASHBOARD_PERIOD_INVALID', '自定义时间段请填写结束日期', 'to');
    const s = dayStart(q.from);
    if (s === null) throw badRequest('DASHBOARD_PERIOD_INVALID', '开始日期不是有效日期', 'from');
    const e = dayStart(q.to);
    if (e === null) throw badRequest('DASHBOARD_PERIOD_INVALID', '结束日期不是有效日期', 'to');
    if (s > e) throw badRequest('DASHBOARD_PERIOD_INVALID', '开始日期不能晚于结束日期', 'from');
    if (s > todayStart) throw badRequest('DASHBOARD_PERIOD_INVALID', '开始日期不能晚于今天', 'from');
    if ((e - s) / DAY_MS + 1 > DASHBOARD_MAX_DAYS) throw badRequest('DASHBOARD_PERIOD_TOO_LONG', undefined, 'to');
    startMs = s;
    endMs = e + DAY_MS;
  } else {
    if (q.from || q.to) {
      throw badRequest('DASHBOARD_PERIOD_INVALID', '只有自定义时间段可以填写开始和结束日期', q.from ? 'from' : 'to');
    }
    const days = period === 'today' ? 1 : period === '7d' ? 7 : 30;
    startMs = todayStart - (days - 1) * DAY_MS;
    endMs = todayStart + DAY_MS;
  }
  const start = new Date(startMs);
  const end = new Date(endMs);
  return {
    from: shanghaiDay(start),
    to: shanghaiDay(new Date(endMs - 1)),
    days: Math.round((endMs - startMs) / DAY_MS),
    start,
    end,
  };
}

/** Every day of the period in order (for zero-filled series). */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let t = p.start.getTime(); t < p.end.getTime(); t += DAY_MS) out.push(shanghaiDay(new Date(t)));
  return out;
}

export const periodInfo = (p: Period) => ({
  from: p.from,
  to: p.to,
  days: p.days,
  start: p.start.toISOString(),
  end: p.end.toISOString(),
});
