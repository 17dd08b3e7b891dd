import Taro from '@tarojs/taro';
// Bundle rule: types only from the schemas files; run-time values only from constants files.
import type { ImportKind } from '@nuanxin/shared/imports/constants';
import type { ImportRun } from '@nuanxin/shared/imports/schemas';
import type { StaffStationPage, Station, StationPatch } from '@nuanxin/shared/stations/schemas';
import type { StationStatus } from '@nuanxin/shared/stations/constants';
import { ERROR_MESSAGES } from '@nuanxin/shared/common/errors';
import { API_BASE, IS_H5 } from '../env';
import { api, ApiError, CLIENT_ERROR_MESSAGES } from './api';
import { downloadAuthenticated } from './download';

/** A file picked for an import: a File (H5, from an <input type=file>) or a temp path (weapp chat file). */
export interface PickedFile {
  name: string;
  size: number;
  file?: File;
  path?: string;
}

function toError(status: number, data: unknown): ApiError {
  let body = data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = {};
    }
  }
  const b = (body && typeof body === 'object' ? body : {}) as { code?: string; message?: string; field?: string };
  const code = b.code ?? (status >= 500 ? 'INTERNAL' : `HTTP_${status}`);
  const message = b.message ?? (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.INTERNAL;
  return new ApiError(code, message, status, b.field);
}

/** One multipart upload of the file (field `file`): XHR + FormData on H5, uploadFile on weapp. */
async function sendFile(path: string, picked: PickedFile): Promise<{ statusCode: number; data: unknown }> {
  const token = api.accessToken();
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  if (IS_H5) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${API_BASE}${path}`);
      for (const [k, v] of Object.entries(header)) xhr.setRequestHeader(k, v);
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
      xhr.timeout = 120_000;
      const data = new FormData();
      data.append('file', picked.file!, picked.name);
      xhr.send(data);
    });
  }
  try {
    const res = await Taro.uploadFile({
      url: `${API_BASE}${path}`,
      filePath: picked.path!,
      name: 'file',
      header,
      timeout: 120_000,
    });
    return { statusCode: res.statusCode, data: res.data };
  } catch (err) {
    const text = String((err as { errMsg?: string })?.errMsg ?? '');
    const code = /timeout/i.test(text) ? 'NETWORK_TIMEOUT' : 'NETWORK_OFFLINE';
    throw new ApiError(code, CLIENT_ERROR_MESSAGES[code], 0);
  }
}

export const importsApi = {
  /** Uploads a file: the server answers once it could read it (202, status `checking`). */
  async upload(kind: ImportKind, picked: PickedFile): Promise<ImportRun> {
    for (let attempt = 0; ; attempt++) {
      const res = await sendFile(`/api/v1/imports/${kind}`, picked);
      if (res.statusCode >= 200 && res.statusCode < 300)
        return (typeof res.data === 'string' ? JSON.parse(res.data) : res.data) as ImportRun;
      const error = toError(res.statusCode, res.data);
      if (error.code === 'TOKEN_EXPIRED' && attempt === 0) {
        await api.refresh();
        continue;
      }
      throw error;
    }
  },
  get: (id: string) => api.call<ImportRun>('GET', `/api/v1/imports/${id}`),
  commit: (id: string, skipBad: boolean) =>
    api.call<ImportRun>('POST', `/api/v1/imports/${id}/commit`, { body: { skipBad } }),
  template: (format: 'csv' | 'xlsx') =>
    downloadAuthenticated(`/api/v1/imports/templates/communities.${format}`, `小区导入模板.${format}`, 'file'),
};

/** 驿站管理: search in scope, edit, close/reopen. */
export const stationsAdminApi = {
  search: (q: string, status: StationStatus | '', offset = 0) => {
    const params = [`limit=20`, `offset=${offset}`];
    if (q.trim()) params.push(`q=${encodeURIComponent(q.trim())}`);
    if (status) params.push(`status=${status}`);
    return api.call<StaffStationPage>('GET', `/api/v1/staff/stations?${params.join('&')}`);
  },
  update: (id: string, patch: StationPatch) => api.call<Station>('PATCH', `/api/v1/stations/${id}`, { body: patch }),
  setStatus: (id: string, status: StationStatus, note?: string) =>
    api.call<Station>('POST', `/api/v1/stations/${id}/status`, { body: { status, note } }),
};
