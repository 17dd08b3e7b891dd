import Taro from '@tarojs/taro';
// Types only from the schema file (TypeBox must stay out of the bundle).
import type {
  AdminCategory,
  AdminTeam,
  CategoryCreateBody,
  CategoryPatchBody,
  NearbyList,
  Report,
  ReportCategory,
  ReportDetail,
  ReportPins,
  StreetRouting,
  SubmitResult,
  Team,
} from '@nuanxin/shared/reports/schemas';
import type { BoundaryImportResult, StreetSummary } from '@nuanxin/shared/geo/schemas';
import { ERROR_MESSAGES } from '@nuanxin/shared/common/errors';
import { API_BASE, IS_H5 } from '../env';
import { api, ApiError, CLIENT_ERROR_MESSAGES } from './api';
import { tokenStore } from './tokens';
import type { Position } from './location';

export const reportsApi = {
  categories: () => api.call<{ items: ReportCategory[] }>('GET', '/api/v1/report-categories'),
  nearby: (category: string, p: Position) =>
    api.call<NearbyList>(
      'GET',
      `/api/v1/reports/nearby?category=${encodeURIComponent(category)}&lat=${p.latitude}&lng=${p.longitude}&coordSystem=${p.coordSystem}`,
    ),
  confirm: (id: string) => api.call<{ confirmations: number }>('POST', `/api/v1/reports/${id}/confirmations`),
  mine: () => api.call<{ items: Report[] }>('GET', '/api/v1/reports/mine'),
  detail: (id: string) => api.call<ReportDetail>('GET', `/api/v1/reports/${id}`),
  reopen: (id: string, note: string) =>
    api.call<ReportDetail>('POST', `/api/v1/reports/${id}/reopen`, { body: { note } }),
  queue: (group: 'open' | 'fixed' | 'closed' | 'all' = 'open') =>
    api.call<{ items: Report[] }>('GET', `/api/v1/staff/reports?group=${group}`),
  act: (id: string, body: { action: string; reason?: string; note?: string; teamId?: string; assigneeId?: string }) =>
    api.call<ReportDetail>('POST', `/api/v1/staff/reports/${id}/actions`, { body }),
  teams: () => api.call<{ items: Team[] }>('GET', '/api/v1/staff/teams'),
  /** 转交12345: queue the report for the city's hotline (once per report). */
  forwardToCity: (id: string, note?: string) =>
    api.call<ReportDetail>('POST', `/api/v1/staff/reports/${id}/city-forward`, { body: note ? { note } : {} }),
  /** The crew member's own queue: open = dispatched / on site, done = fixed / closed. */
  crewQueue: (group: 'open' | 'done' = 'open') =>
    api.call<{ items: Report[] }>('GET', `/api/v1/crew/reports?group=${group}`),
  mergeCandidates: (id: string) => api.call<NearbyList>('GET', `/api/v1/staff/reports/${id}/merge-candidates`),
  merge: (id: string, intoId: string) =>
    api.call<ReportDetail>('POST', `/api/v1/staff/reports/${id}/merge`, { body: { intoId } }),
  /** Open reports in a GCJ-02 map viewport (weapp map). */
  inBox: (b: { south: number; west: number; north: number; east: number }) =>
    api.call<ReportPins>(
      'GET',
      `/api/v1/staff/reports/map?south=${b.south}&west=${b.west}&north=${b.north}&east=${b.east}`,
    ),
  /** Open reports nearest to the operator (H5 list). */
  nearest: (p: Position) =>
    api.call<ReportPins>(
      'GET',
      `/api/v1/staff/reports/nearest?lat=${p.latitude}&lng=${p.longitude}&coordSystem=${p.coordSystem}`,
    ),
};

/** Managing the routing data: categories (district admins), streets, teams and routes. */
export const routingApi = {
  categories: () => api.call<{ items: AdminCategory[] }>('GET', '/api/v1/staff/report-categories'),
  createCategory: (body: CategoryCreateBody) =>
    api.call<AdminCategory>('POST', '/api/v1/staff/report-categories', { body }),
  updateCategory: (id: string, body: CategoryPatchBody) =>
    api.call<AdminCategory>('PATCH', `/api/v1/staff/report-categories/${id}`, { body }),
  deleteCategory: (id: string) => api.call<void>('DELETE', `/api/v1/staff/report-categories/${id}`),
  streets: () => api.call<{ items: StreetSummary[] }>('GET', '/api/v1/streets'),
  routing: (streetId: string) => api.call<StreetRouting>('GET', `/api/v1/staff/streets/${streetId}/routing`),
  setRoute: (streetId: string, categoryId: string, teamId: string | null) =>
    api.call<StreetRouting>('PUT', `/api/v1/staff/streets/${streetId}/routes/${categoryId}`, { body: { teamId } }),
  createTeam: (body: { name: string; streetId?: string }) =>
    api.call<AdminTeam>('POST', '/api/v1/staff/teams', { body }),
  updateTeam: (id: string, body: { name?: string; active?: boolean }) =>
    api.call<AdminTeam>('PATCH', `/api/v1/staff/teams/${id}`, { body }),
  uploadBoundaries: (content: string, dryRun: boolean) =>
    api.call<BoundaryImportResult>('POST', '/api/v1/streets/boundaries', { body: { content, dryRun } }),
};

/** A photo picked on this device: a temp file path (weapp) or a File (H5, from the file input). */
export interface LocalPhoto {
  /** Shown in <Image>: weapp temp path or an object URL. */
  preview: string;
  file?: File;
}

export interface MultipartFile {
  field: string;
  filename: string;
  type: string;
  data: ArrayBuffer;
}

/**
 * multipart/form-data by hand, for H5 (1–3 photos in one request, one report; XHR shows progress).
 * weapp sends its photos with uploadFile instead (sendReport), one file per request.
 */
export function buildMultipart(fields: Record<string, string>, files: MultipartFile[], boundary: string): ArrayBuffer {
  const enc = (s: string) => {
    // UTF-8 without TextEncoder (missing on older weapp base libraries).
    const utf8 = unescape(encodeURIComponent(s));
    const out = new Uint8Array(utf8.length);
    for (let i = 0; i < utf8.length; i++) out[i] = utf8.charCodeAt(i);
    return out;
  };
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(enc(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(
      enc(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
    );
    parts.push(new Uint8Array(f.data));
    parts.push(enc('\r\n'));
  }
  parts.push(enc(`--${boundary}--\r\n`));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const body = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    body.set(p, offset);
    offset += p.length;
  }
  return body.buffer;
}

async function readPhoto(photo: LocalPhoto | undefined): Promise<ArrayBuffer> {
  if (!photo) throw new ApiError('PHOTO_REQUIRED', '请先拍摄或选择照片', 0, 'photo');
  if (photo.file) return photo.file.arrayBuffer();
  const fs = Taro.getFileSystemManager();
  return new Promise((resolve, reject) =>
    fs.readFile({ filePath: photo.preview, success: (r) => resolve(r.data as ArrayBuffer), fail: reject }),
  );
}

function toError(status: number, data: unknown): ApiError {
  const body = (data && typeof data === 'object' ? data : {}) as { code?: string; message?: string; field?: string };
  const code = body.code ?? (status >= 500 ? 'INTERNAL' : `HTTP_${status}`);
  const message = body.message ?? (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.INTERNAL;
  return new ApiError(code, message, status, body.field);
}

/** One multipart POST with the access token; H5 uses XHR for real upload progress. */
async function postMultipart(
  path: string,
  body: ArrayBuffer,
  boundary: string,
  headers: Record<string, string>,
  onProgress: (p: number) => void,
) {
  const token = tokenStore.get()?.accessToken;
  const header: Record<string, string> = { 'Content-Type': `multipart/form-data; boundary=${boundary}`, ...headers };
  if (token) header.Authorization = `Bearer ${token}`;
  if (IS_H5) {
    return new Promise<{ statusCode: number; data: unknown }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${API_BASE}${path}`);
      for (const [k, v] of Object.entries(header)) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        let data: unknown = null;
        try {
          data = JSON.parse(xhr.responseText);
        } catch {
          /* not JSON */
        }
        resolve({ statusCode: xhr.status, data });
      };
      xhr.onerror = () => reject(new ApiError('NETWORK_OFFLINE', CLIENT_ERROR_MESSAGES.NETWORK_OFFLINE, 0));
      xhr.ontimeout = () => reject(new ApiError('NETWORK_TIMEOUT', CLIENT_ERROR_MESSAGES.NETWORK_TIMEOUT, 0));
      xhr.timeout = 60_000;
      xhr.send(body);
    });
  }
  onProgress(0.1);
  try {
    const res = await Taro.request({
      url: `${API_BASE}${path}`,
      method: 'POST',
      header,
      data: body,
      timeout: 60_000,
      dataType: 'json',
    });
    onProgress(1);
    return { statusCode: res.statusCode, data: res.data as unknown };
  } catch (err) {
    const text = String((err as { errMsg?: string })?.errMsg ?? '');
    const code = /timeout/i.test(text) ? 'NETWORK_TIMEOUT' : 'NETWORK_OFFLINE';
    throw new ApiError(code, CLIENT_ERROR_MESSAGES[code], 0);
  }
}

/** Sends multipart, refreshing an expired access token once. */
async function sendWithRefresh<T>(
  path: string,
  fields: Record<string, string>,
  files: MultipartFile[],
  headers: Record<string, string>,
  onProgress: (p: number) => void,
): Promise<{ status: number; data: T }> {
  const boundary = `----nx${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
  const body = buildMultipart(fields, files, boundary);
  for (let attempt = 0; ; attempt++) {
    const res = await postMultipart(path, body, boundary, headers, onProgress);
    if (res.statusCode >= 200 && res.statusCode < 300) return { status: res.statusCode, data: res.data as T };
    const error = toError(res.statusCode, res.data);
    if (error.code === 'TOKEN_EXPIRED' && attempt === 0) {
      await api.refresh();
      continue;
    }
    throw error;
  }
}

export interface Draft {
  /** Chosen once per draft and kept across retries: the server makes one report of it. */
  key: string;
  category: string;
  description: string;
  photos: LocalPhoto[];
  position: Position | null;
  subscriptions: string[];
}

/** What a report says, apart from its photos: what the outbox keeps for a queued report. */
export interface ReportPayload {
  category: string;
  description: string;
  position: Position;
  subscriptions: string[];
}

/**
 * A photo to send: its bytes (H5: a File read into memory; the multipart body is built here) or,
 * on weapp, the path of a file on the device that `uploadFile` streams.
 */
export interface PhotoSource {
  type: string;
  data?: ArrayBuffer;
  path?: string;
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

/**
 * weapp: `uploadFile` (WeChat's upload: the file streamed from disk by the client, not copied into
 * the JS heap, and allowed in the uploadFile domain list) with the access token, refreshing an
 * expired one once. uploadFile always POSTs multipart with one file (`name`) and text `formData`.
 */
async function uploadWithRefresh<T>(
  path: string,
  filePath: string,
  name: string,
  formData: Record<string, string>,
  headers: Record<string, string>,
): Promise<{ status: number; data: T }> {
  for (let attempt = 0; ; attempt++) {
    const token = tokenStore.get()?.accessToken;
    const header: Record<string, string> = { ...headers };
    if (token) header.Authorization = `Bearer ${token}`;
    let res: { statusCode: number; data: unknown };
    try {
      res = await Taro.uploadFile({ url: `${API_BASE}${path}`, filePath, name, formData, header, timeout: 60_000 });
    } catch (err) {
      const text = String((err as { errMsg?: string })?.errMsg ?? '');
      const code = /timeout/i.test(text) ? 'NETWORK_TIMEOUT' : 'NETWORK_OFFLINE';
      throw new ApiError(code, CLIENT_ERROR_MESSAGES[code], 0);
    }
    // uploadFile hands over the body as a string.
    const data = parseJson(res.data);
    if (res.statusCode >= 200 && res.statusCode < 300) return { status: res.statusCode, data: data as T };
    const error = toError(res.statusCode, data);
    if (error.code === 'TOKEN_EXPIRED' && attempt === 0) {
      await api.refresh();
      continue;
    }
    throw error;
  }
}

/**
 * One report, made once whatever the retries (the key). H5: one multipart POST with all photos.
 * weapp: uploadFile carries one file per request, so the report goes with its first photo (same
 * Idempotency-Key) and each further photo to /reports/:id/photos at its position — a resend of a
 * stored position is answered as a replay, so the outbox can simply send everything again.
 */
export async function sendReport(
  key: string,
  payload: ReportPayload,
  photos: PhotoSource[],
  onProgress: (p: number) => void,
): Promise<SubmitResult> {
  const p = payload.position;
  const fields = {
    category: payload.category,
    description: payload.description,
    lat: String(p.latitude),
    lng: String(p.longitude),
    accuracy: String(Math.round(p.accuracy ?? 0)),
    coordSystem: p.coordSystem,
    subscriptions: payload.subscriptions.join(','),
  };
  const paths = photos.map((ph) => ph.path);
  if (!IS_H5 && paths.length > 0 && paths.every((x): x is string => !!x)) {
    onProgress(0.05);
    const first = await uploadWithRefresh<SubmitResult>('/api/v1/reports', paths[0]!, 'photos', fields, {
      'Idempotency-Key': key,
    });
    let result = first.data;
    onProgress(1 / paths.length);
    for (let i = 1; i < paths.length; i++) {
      const more = await uploadWithRefresh<SubmitResult>(
        `/api/v1/reports/${result.report.id}/photos`,
        paths[i]!,
        'photo',
        { position: String(i) },
        {},
      );
      result = { replayed: first.data.replayed, report: more.data.report };
      onProgress((i + 1) / paths.length);
    }
    return result;
  }
  const bytes: { data: ArrayBuffer; type: string }[] = [];
  for (const ph of photos)
    bytes.push({ type: ph.type, data: ph.data ?? (await readPhoto({ preview: ph.path ?? '' })) });
  const { data } = await sendWithRefresh<SubmitResult>(
    '/api/v1/reports',
    fields,
    bytes.map((ph, i) => ({ field: 'photos', filename: `photo-${i + 1}.jpg`, type: ph.type, data: ph.data })),
    { 'Idempotency-Key': key },
    onProgress,
  );
  return data;
}

export async function submitDraft(draft: Draft, onProgress: (p: number) => void): Promise<SubmitResult> {
  if (!draft.position) throw new ApiError('LOCATION_REQUIRED', ERROR_MESSAGES.LOCATION_REQUIRED, 0);
  if (draft.photos.length === 0) throw new ApiError('PHOTO_REQUIRED', '请先拍摄或选择照片', 0, 'photo');
  const photos: PhotoSource[] = [];
  for (const photo of draft.photos) {
    // weapp: the camera's temp file, streamed by uploadFile; H5: the File's bytes.
    if (!IS_H5 && !photo.file) photos.push({ type: 'image/jpeg', path: photo.preview });
    else photos.push({ type: photo.file?.type || 'image/jpeg', data: await readPhoto(photo) });
  }
  return sendReport(draft.key, { ...draft, position: draft.position }, photos, onProgress);
}

export async function fixWithPhoto(id: string, photo: LocalPhoto | undefined, note: string): Promise<ReportDetail> {
  if (!IS_H5 && photo && !photo.file) {
    const { data } = await uploadWithRefresh<ReportDetail>(
      `/api/v1/staff/reports/${id}/fix`,
      photo.preview,
      'photo',
      { note },
      {},
    );
    return data;
  }
  const data = await readPhoto(photo);
  const { data: detail } = await sendWithRefresh<ReportDetail>(
    `/api/v1/staff/reports/${id}/fix`,
    { note },
    [{ field: 'photo', filename: 'fixed.jpg', type: photo?.file?.type || 'image/jpeg', data }],
    {},
    () => undefined,
  );
  return detail;
}

/** Photo URLs from the API are same-origin paths; weapp needs the absolute API host. */
export const mediaUrl = (path: string) => (path.startsWith('/') ? `${API_BASE}${path}` : path);

export function newDraftKey(): string {
  return `d-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * One form with at most one photo (field `photo`), as 随手帮's 完成 and 微心愿 send it: the same
 * hand-built multipart body and upload path as a report, answered with the route's JSON.
 */
export async function postPhotoForm<T>(path: string, fields: Record<string, string>, photo: LocalPhoto): Promise<T> {
  const boundary = `----nx${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  const type = photo.file?.type || 'image/jpeg';
  const body = buildMultipart(
    fields,
    [
      {
        field: 'photo',
        filename: type === 'image/png' ? 'photo.png' : 'photo.jpg',
        type,
        data: await readPhoto(photo),
      },
    ],
    boundary,
  );
  const res = await postMultipart(path, body, boundary, {}, () => undefined);
  if (res.statusCode >= 400) throw toError(res.statusCode, res.data);
  return res.data as T;
}
