import type { Closure, HoursSlot, OpeningHours } from '@nuanxin/shared/stations/schemas';

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export const clockToMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Where an instant falls in the Shanghai week (Monday 00:00 = 0) and which Shanghai date it is. */
export function shanghaiMoment(at: Date): { minuteOfWeek: number; date: string } {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const weekday = (local.getUTCDay() + 6) % 7; // Monday = 0
  return {
    minuteOfWeek: weekday * MINUTES_PER_DAY + local.getUTCHours() * 60 + local.getUTCMinutes(),
    date: local.toISOString().slice(0, 10),
  };
}

/**
 * The weekly schedule as minute-of-week ranges, the form the database tests "open now" with.
 * A slot whose close is at or before its open runs past midnight into the next day; Sunday's
 * late slot wraps into Monday morning.
 */
export function openMinuteRanges(hours: Pick<OpeningHours, 'is24h' | 'weekly'>): [number, number][] {
  if (hours.is24h) return [[0, MINUTES_PER_WEEK]];
  const ranges: [number, number][] = [];
  hours.weekly.forEach((slots: HoursSlot[], day: number) => {
    for (const slot of slots) {
      const open = day * MINUTES_PER_DAY + clockToMinutes(slot.open);
      let close = day * MINUTES_PER_DAY + clockToMinutes(slot.close);
      if (close <= open) close += MINUTES_PER_DAY;
      if (close <= MINUTES_PER_WEEK) ranges.push([open, close]);
      else ranges.push([open, MINUTES_PER_WEEK], [0, close - MINUTES_PER_WEEK]);
    }
  });
  return merge(ranges);
}

function merge(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Literal of an int4multirange, e.g. `{[480,1320),[1920,2760)}`. */
export const openMinutesLiteral = (hours: Pick<OpeningHours, 'is24h' | 'weekly'>) =>
  `{${openMinuteRanges(hours)
    .map(([a, b]) => `[${a},${b})`)
    .join(',')}}`;

/** Literal of a datemultirange of the closure dates, both ends included. */
export const closedDatesLiteral = (closures: Closure[]) => `{${closures.map((c) => `[${c.from},${c.to}]`).join(',')}}`;

/** The same rule as the SQL, for checks in code (tests, exports). */
export function isOpenAt(
  station: { status: string; hours: Pick<OpeningHours, 'is24h' | 'weekly' | 'closures'> },
  at: Date,
): boolean {
  if (station.status !== 'open') return false;
  const { minuteOfWeek, date } = shanghaiMoment(at);
  if (station.hours.closures.some((c) => c.from <= date && date <= c.to)) return false;
  return openMinuteRanges(station.hours).some(([a, b]) => a <= minuteOfWeek && minuteOfWeek < b);
}

/** Problems a schema cannot see: empty slots, overlapping slots, closures that end before they start. */
export function hoursProblems(hours: OpeningHours): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  hours.weekly.forEach((slots, day) => {
    slots.forEach((slot, i) => {
      if (slot.open === slot.close) {
        problems.push({ field: `hours.weekly.${day}.${i}`, reason: '开门和关门时间相同；全天营业请用 24 小时' });
      }
    });
  });
  hours.closures.forEach((c, i) => {
    if (c.to < c.from) problems.push({ field: `hours.closures.${i}`, reason: '停业结束日期早于开始日期' });
    if (!isRealDate(c.from) || !isRealDate(c.to)) {
      problems.push({ field: `hours.closures.${i}`, reason: '停业日期不是有效日期' });
    }
  });
  return problems;
}

function isRealDate(d: string): boolean {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}
