// Pure display helpers for 驿站 (no Taro, no React): distance, status badge, weekly hours,
// closures. Runtime imports from @nuanxin/shared are limited to the `constants` file (bundle rule).
import { AMENITY_LABELS, STATION_TYPE_LABELS, WEEKDAY_LABELS } from '@nuanxin/shared/stations/constants';
import type { Closure, HoursSlot, Station } from '@nuanxin/shared/stations/schemas';

/** "350 米" under a kilometre (rounded to 10 m), "1.2 公里" up to 10 km, "12 公里" beyond. */
export function formatDistance(metres: number | null | undefined): string {
  if (metres == null || !Number.isFinite(metres) || metres < 0) return '';
  if (metres < 1000) {
    // A rider cannot tell 343 m from 350 m; tens read faster. Never show "0 米".
    const m = Math.max(10, Math.round(metres / 10) * 10);
    return m >= 1000 ? '1 公里' : `${m} 米`;
  }
  const km = metres / 1000;
  if (km < 10) {
    const text = (Math.round(km * 10) / 10).toFixed(1);
    return `${text.endsWith('.0') ? text.slice(0, -2) : text} 公里`;
  }
  return `${Math.round(km)} 公里`;
}

export type BadgeTone = 'open' | 'closed' | 'paused';

/** 暂停开放 (an admin closed it) beats 已打烊 (outside its hours or on a closure date). */
export function stationBadge(station: Pick<Station, 'status' | 'openNow'>): { label: string; tone: BadgeTone } {
  if (station.status === 'closed') return { label: '暂停开放', tone: 'paused' };
  return station.openNow ? { label: '营业中', tone: 'open' } : { label: '已打烊', tone: 'closed' };
}

export function typeLabel(type: string): string {
  return (STATION_TYPE_LABELS as Record<string, string>)[type] ?? '驿站';
}

export function amenityLabel(code: string): string {
  return (AMENITY_LABELS as Record<string, string>)[code] ?? code;
}

const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** "08:00–20:00"; a slot closing at or before its opening runs past midnight: "22:00–次日02:00". */
export function formatSlot(slot: HoursSlot): string {
  const overnight = slot.close !== '24:00' && toMinutes(slot.close) <= toMinutes(slot.open);
  return `${slot.open}–${overnight ? '次日' : ''}${slot.close}`;
}

function formatSlots(slots: HoursSlot[]): string {
  if (slots.length === 0) return '休息';
  if (slots.length === 1 && slots[0]!.open === '00:00' && slots[0]!.close === '24:00') return '00:00–24:00';
  return [...slots]
    .sort((a, b) => toMinutes(a.open) - toMinutes(b.open))
    .map(formatSlot)
    .join('，');
}

function dayRange(from: number, to: number): string {
  if (from === to) return WEEKDAY_LABELS[from]!;
  if (to === from + 1) return `${WEEKDAY_LABELS[from]}、${WEEKDAY_LABELS[to]}`;
  return `${WEEKDAY_LABELS[from]}至${WEEKDAY_LABELS[to]}`;
}

export interface HoursLine {
  days: string;
  hours: string;
}

/**
 * The weekly schedule as few readable lines: consecutive days with the same hours are merged
 * ("周一至周五 08:00–20:00", "周六、周日 休息"). 24-hour stations read "周一至周日 00:00–24:00".
 */
export function formatWeeklyHours(hours: { is24h: boolean; weekly: HoursSlot[][] }): HoursLine[] {
  if (hours.is24h) return [{ days: '周一至周日', hours: '00:00–24:00' }];
  const texts = Array.from({ length: 7 }, (_, day) => formatSlots(hours.weekly[day] ?? []));
  const lines: HoursLine[] = [];
  let start = 0;
  for (let day = 1; day <= 7; day++) {
    if (day === 7 || texts[day] !== texts[start]) {
      lines.push({ days: dayRange(start, day - 1), hours: texts[start]! });
      start = day;
    }
  }
  return lines;
}

/** Today's date in Asia/Shanghai (UTC+8 all year), "YYYY-MM-DD". */
export function shanghaiDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const shortDate = (iso: string) => `${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/** Closures that still matter (ending today or later), soonest first, as sentences. */
export function upcomingClosures(closures: Closure[], now: Date = new Date()): string[] {
  const today = shanghaiDate(now);
  return closures
    .filter((c) => c.to >= today)
    .sort((a, b) => a.from.localeCompare(b.from))
    .map((c) => {
      const when = c.from === c.to ? shortDate(c.from) : `${shortDate(c.from)}至${shortDate(c.to)}`;
      const current = c.from <= today ? '（今天闭站）' : '';
      return `${when}闭站${current}${c.note ? `：${c.note}` : ''}`;
    });
}

/** Counts worth a line; unknown (null) and zero counts are left out. */
export function stationCounts(counts: Station['counts']): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  if (counts.seats) out.push({ label: '座位', value: `${counts.seats} 个` });
  if (counts.chargingPorts) out.push({ label: '充电口', value: `${counts.chargingPorts} 个` });
  if (counts.swapPorts) out.push({ label: '换电口', value: `${counts.swapPorts} 个` });
  return out;
}
