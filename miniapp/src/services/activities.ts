// Typed calls of the 活动 · 课程 API. Types only from the shared schemas (bundle rule).
import type {
  Activity,
  ActivityCode,
  ActivityList,
  ActivityStationList,
  CheckinResult,
  CreateActivityBody,
  MySignup,
  Roster,
  UpdateActivityBody,
} from '@nuanxin/shared/activities/schemas';
import type { ActivityKind } from '@nuanxin/shared/activities/constants';
import { ROUTES } from '../routes';
import { api } from './api';

const A = '/api/v1/activities';

export interface ActivityFilters {
  kind?: ActivityKind;
  thisWeek?: boolean;
  /** 附近: the rider's position (GCJ-02) and how far to look; nearest first. */
  lat?: number;
  lng?: number;
  radiusM?: number;
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '' && v !== false)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const activitiesApi = {
  list: (f: ActivityFilters) => api.call<ActivityList>('GET', `${A}${query({ ...f })}`),
  mine: () => api.call<ActivityList>('GET', `${A}/mine`),
  detail: (id: string) => api.call<Activity>('GET', `${A}/${id}`),
  signUp: (id: string, subscriptions: string[] = []) =>
    api.call<MySignup>('POST', `${A}/${id}/signup`, { body: subscriptions.length ? { subscriptions } : {} }),
  cancel: (id: string) => api.call<MySignup>('POST', `${A}/${id}/cancel`),
  certificatePath: (id: string) => `${A}/${id}/certificate.png`,
  checkIn: (code: string) => api.call<CheckinResult>('POST', `${A}/check-ins`, { body: { code } }),
  // organisers
  managed: (past = false) => api.call<ActivityList>('GET', `${A}/staff${query({ past })}`),
  create: (body: CreateActivityBody) => api.call<Activity>('POST', `${A}/staff`, { body }),
  update: (id: string, body: UpdateActivityBody) => api.call<Activity>('PATCH', `${A}/staff/${id}`, { body }),
  stations: (q: string) => api.call<ActivityStationList>('GET', `${A}/staff/stations${query({ q })}`),
  cancelActivity: (id: string, reason: string) =>
    api.call<Activity>('POST', `${A}/staff/${id}/cancel`, { body: { reason } }),
  roster: (id: string) => api.call<Roster>('GET', `${A}/staff/${id}`),
  rosterCsvPath: (id: string) => `${A}/staff/${id}/roster.csv`,
  sessionCode: (sessionId: string) => api.call<ActivityCode>('GET', `${A}/staff/sessions/${sessionId}/code`),
  checkInRider: (sessionId: string, code: string) =>
    api.call<CheckinResult>('POST', `${A}/staff/sessions/${sessionId}/check-ins`, { body: { code } }),
};

const pad = (n: number) => String(n).padStart(2, '0');
const beijing = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000);
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** "12月9日 周三 19:00" in Beijing time, whatever the phone's zone. */
export function when(iso: string): string {
  const d = beijing(iso);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 周${WEEKDAYS[d.getUTCDay()]} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "19:00" in Beijing time. */
export function clockOf(iso: string): string {
  const d = beijing(iso);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "12月9日 19:00–21:00", or the first and the count for a course. */
export function scheduleOf(a: Activity): string {
  const first = a.sessions[0];
  if (!first) return '';
  const one = `${when(first.startsAt)}–${clockOf(first.endsAt)}`;
  return a.sessions.length > 1 ? `${one} 起，共 ${a.sessions.length} 场` : one;
}

export function seatsOf(a: Activity): string {
  const left = Math.max(0, a.capacity - a.confirmed);
  return left > 0 ? `余 ${left} / ${a.capacity} 个名额` : `已满 · 候补 ${a.waiting} 人`;
}

export const activityDetailUrl = (id: string) => `${ROUTES.activityDetail}?id=${encodeURIComponent(id)}`;
export const staffActivityEditUrl = (id?: string) =>
  `${ROUTES.staffActivityEdit}${id ? `?id=${encodeURIComponent(id)}` : ''}`;
export const staffRosterUrl = (id: string) => `${ROUTES.staffActivityRoster}?id=${encodeURIComponent(id)}`;
export const staffCodeUrl = (activityId: string, sessionId: string) =>
  `${ROUTES.staffActivityCode}?id=${encodeURIComponent(activityId)}&session=${encodeURIComponent(sessionId)}`;
