// Pure rules of housing: Beijing calendar days, stays in months, masks.
import { PLATFORM_LABELS, type Platform } from '@nuanxin/shared/access/constants';

const DAY_MS = 86_400_000;

/** Today's date in Beijing (Asia/Shanghai, no DST), YYYY-MM-DD. */
export const beijingDate = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus `months` months; the 31st of a shorter month becomes its last day (as PostgreSQL does). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** 138****5678: the operator calls the applicant without ever seeing the whole number. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

export const platformLabel = (platform: string) => PLATFORM_LABELS[platform as Platform] ?? platform;

/** Whether a rider may be given a bed: registered with platform and station, not suspended. */
export function eligibility(
  profile: { platform: string; stationName: string; suspendedAt: Date | null } | null | undefined,
): { eligible: true; reason: null } | { eligible: false; reason: string } {
  if (!profile) return { eligible: false, reason: '该骑手尚未完成骑手登记（所属平台和站点），不能分配床位' };
  if (!profile.platform || !profile.stationName.trim()) {
    return { eligible: false, reason: '该骑手的登记信息缺少所属平台或站点，不能分配床位' };
  }
  if (profile.suspendedAt) return { eligible: false, reason: '该骑手的通行资格已被暂停，暂不能分配床位' };
  return { eligible: true, reason: null };
}
