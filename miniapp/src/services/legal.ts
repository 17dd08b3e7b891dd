import Taro from '@tarojs/taro';
// Types only from the schema file (TypeBox must stay out of the bundle).
import type {
  AppointmentBody,
  CaseDetail,
  CaseSummary,
  CloseBody,
  LegalFigures,
  LegalOptions,
  OpenCaseBody,
  OpenCaseResult,
  StaffResources,
} from '@nuanxin/shared/legal/schemas';
import type { CalendarDay, CalendarYear } from '@nuanxin/shared/calendar/schemas';
import type { CalendarDayKind } from '@nuanxin/shared/calendar/constants';
import { ERROR_MESSAGES } from '@nuanxin/shared/common/errors';
import { API_BASE } from '../env';
import { api, ApiError, CLIENT_ERROR_MESSAGES } from './api';
import { buildMultipart, type LocalPhoto } from './reports';
import { tokenStore } from './tokens';

export const legalApi = {
  options: () => api.call<LegalOptions>('GET', '/api/v1/legal/options'),
  open: (body: OpenCaseBody) => api.call<OpenCaseResult>('POST', '/api/v1/legal/cases', { body }),
  mine: () => api.call<{ items: CaseSummary[] }>('GET', '/api/v1/legal/cases/mine'),
  detail: (id: string) => api.call<CaseDetail>('GET', `/api/v1/legal/cases/${id}`),
  rate: (id: string, rating: number, comment: string) =>
    api.call<CaseDetail>('POST', `/api/v1/legal/cases/${id}/rating`, {
      body: comment ? { rating, comment } : { rating },
    }),
  reopen: (id: string, reason: string) =>
    api.call<CaseDetail>('POST', `/api/v1/legal/cases/${id}/reopen`, { body: { reason } }),
  inbox: (group: 'open' | 'done') =>
    api.call<{ items: CaseSummary[] }>('GET', `/api/v1/staff/legal/cases?group=${group}`),
  resources: () => api.call<StaffResources>('GET', '/api/v1/staff/legal/resources'),
  figures: () => api.call<LegalFigures>('GET', '/api/v1/staff/legal/figures'),
  accept: (id: string) => api.call<CaseDetail>('POST', `/api/v1/staff/legal/cases/${id}/accept`),
  refer: (id: string, referredTo: string, reason: string) =>
    api.call<CaseDetail>('POST', `/api/v1/staff/legal/cases/${id}/refer`, { body: { referredTo, reason } }),
  assign: (id: string, mediatorId: string) =>
    api.call<CaseDetail>('POST', `/api/v1/staff/legal/cases/${id}/assign`, { body: { mediatorId } }),
  appoint: (id: string, body: AppointmentBody) =>
    api.call<CaseDetail>('POST', `/api/v1/staff/legal/cases/${id}/appointments`, { body }),
  note: (id: string, note: string) =>
    api.call<CaseDetail>('POST', `/api/v1/staff/legal/cases/${id}/notes`, { body: { note } }),
  close: (id: string, body: CloseBody) =>
    api.call<CaseDetail>('POST', `/api/v1/staff/legal/cases/${id}/close`, { body }),
};

async function readPhoto(photo: LocalPhoto): Promise<ArrayBuffer> {
  if (photo.file) return photo.file.arrayBuffer();
  const fs = Taro.getFileSystemManager();
  return new Promise((resolve, reject) =>
    fs.readFile({ filePath: photo.preview, success: (r) => resolve(r.data as ArrayBuffer), fail: reject }),
  );
}

/** Photos or screenshots added to a case, in one multipart request (Taro.request sends an ArrayBuffer). */
export async function attachPhotos(id: string, photos: LocalPhoto[]): Promise<CaseDetail> {
  const boundary = `----nxlegal${Date.now().toString(36)}`;
  const files = [];
  for (const [i, p] of photos.entries()) {
    files.push({
      field: 'photos',
      filename: `photo-${i + 1}.jpg`,
      type: p.file?.type || 'image/jpeg',
      data: await readPhoto(p),
    });
  }
  const header: Record<string, string> = { 'Content-Type': `multipart/form-data; boundary=${boundary}` };
  const token = tokenStore.get()?.accessToken;
  if (token) header.Authorization = `Bearer ${token}`;
  let res: Taro.request.SuccessCallbackResult;
  try {
    res = await Taro.request({
      url: `${API_BASE}/api/v1/legal/cases/${id}/attachments`,
      method: 'POST',
      header,
      data: buildMultipart({}, files, boundary),
      timeout: 60_000,
      dataType: 'json',
    });
  } catch {
    throw new ApiError('NETWORK_OFFLINE', CLIENT_ERROR_MESSAGES.NETWORK_OFFLINE, 0);
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as CaseDetail;
  const body = (res.data && typeof res.data === 'object' ? res.data : {}) as {
    code?: string;
    message?: string;
    field?: string;
  };
  const code = body.code ?? 'INTERNAL';
  throw new ApiError(
    code,
    body.message ?? (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.INTERNAL,
    res.statusCode,
    body.field,
  );
}

export const legalMediaUrl = (path: string) => (path.startsWith('/') ? `${API_BASE}${path}` : path);

export function caseUrl(id: string): string {
  return `/packages/legal/case/index?id=${encodeURIComponent(id)}`;
}
export function staffCaseUrl(id: string): string {
  return `/packages/legal/staff/case/index?id=${encodeURIComponent(id)}`;
}

/** 节假日与调休: the working-day calendar (district admins keep it; mediators read it). */
export const calendarApi = {
  year: (year: number) => api.call<CalendarYear>('GET', `/api/v1/staff/calendar?year=${year}`),
  set: (date: string, kind: CalendarDayKind, name: string) =>
    api.call<CalendarDay>('PUT', `/api/v1/staff/calendar/days/${encodeURIComponent(date)}`, { body: { kind, name } }),
  remove: (date: string) => api.call<null>('DELETE', `/api/v1/staff/calendar/days/${encodeURIComponent(date)}`),
};
