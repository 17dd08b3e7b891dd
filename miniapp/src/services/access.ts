// Typed calls of the 暖新码 access API. Types only from the shared schemas (bundle rule).
import type {
  AccessEventList,
  ApproveResult,
  CreateGateBody,
  Gate,
  GateList,
  Guide,
  OpenCommunityList,
  Pass,
  PassList,
  ProfileBody,
  ProfileResult,
  ReviewList,
  RiderCheckResult,
  RiderCode,
  RiderProfile,
  ScanBody,
  ScanResult,
  StaffRiderDetail,
  StaffRiderList,
  UpdateGateBody,
} from '@nuanxin/shared/access/schemas';
import type { Community, CommunityList } from '@nuanxin/shared/geo/schemas';
import Taro from '@tarojs/taro';
import { api } from './api';

const A = '/api/v1/access';

function query(params: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const accessApi = {
  profile: () => api.call<ProfileResult>('GET', `${A}/profile`),
  saveProfile: (body: ProfileBody) => api.call<RiderProfile>('PUT', `${A}/profile`, { body }),
  openCommunities: () => api.call<OpenCommunityList>('GET', `${A}/open-communities`),
  passes: () => api.call<PassList>('GET', `${A}/passes`),
  apply: (communityIds: string[], subscriptions: string[] = []) =>
    api.call<PassList>('POST', `${A}/passes`, {
      body: { communityIds, ...(subscriptions.length ? { subscriptions } : {}) },
    }),
  scan: (body: ScanBody) => api.call<ScanResult>('POST', `${A}/scans`, { body }),
  myCode: () => api.call<RiderCode>('GET', `${A}/my-code`),
  checkRider: (code: string, gateId?: string) =>
    api.call<RiderCheckResult>('POST', `${A}/rider-checks`, { body: gateId ? { code, gateId } : { code } }),
  // staff
  communities: () => api.call<CommunityList>('GET', '/api/v1/communities'),
  review: (status = 'pending') => api.call<ReviewList>('GET', `${A}/review${query({ status })}`),
  approve: (passIds: string[]) => api.call<ApproveResult>('POST', `${A}/passes/approve`, { body: { passIds } }),
  reject: (id: string, reason: string) => api.call<Pass>('POST', `${A}/passes/${id}/reject`, { body: { reason } }),
  revoke: (id: string, reason: string) => api.call<Pass>('POST', `${A}/passes/${id}/revoke`, { body: { reason } }),
  gates: (communityId: string) => api.call<GateList>('GET', `${A}/communities/${communityId}/gates`),
  createGate: (communityId: string, body: CreateGateBody) =>
    api.call<Gate>('POST', `${A}/communities/${communityId}/gates`, { body }),
  updateGate: (id: string, body: UpdateGateBody) => api.call<Gate>('PATCH', `${A}/gates/${id}`, { body }),
  regenerateCode: (id: string) => api.call<Gate>('POST', `${A}/gates/${id}/code`),
  posterPath: (id: string, format: 'png' | 'svg') => `${A}/gates/${id}/poster?format=${format}`,
  guide: (communityId: string) => api.call<Guide>('GET', `${A}/communities/${communityId}/guide`),
  saveGuide: (communityId: string, body: Guide) =>
    api.call<Guide>('PUT', `${A}/communities/${communityId}/guide`, { body }),
  events: (params: EventFilters & { cursor?: string }) =>
    api.call<AccessEventList>('GET', `${A}/events${query({ ...params, limit: 30 })}`),
  eventsCsvPath: (params: EventFilters) => `${A}/events.csv${query({ ...params })}`,
  // street operator, district admin
  riders: (params: { q?: string; suspended?: boolean }) =>
    api.call<StaffRiderList>('GET', `${A}/riders${query(params)}`),
  rider: (id: string) => api.call<StaffRiderDetail>('GET', `${A}/riders/${id}`),
  suspend: (id: string, reason: string) =>
    api.call<StaffRiderDetail>('POST', `${A}/riders/${id}/suspend`, { body: { reason } }),
  lift: (id: string, reason: string) =>
    api.call<StaffRiderDetail>('POST', `${A}/riders/${id}/lift`, { body: { reason } }),
};

/** Filters of the access log; the CSV export takes the same ones, so it exports what is shown. */
export interface EventFilters {
  communityId?: string;
  gateId?: string;
  granted?: boolean;
  reason?: string;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

export type { Community };

/** What the 暖新码 page shows, as of the last time it loaded with network. */
export interface AccessSnapshot {
  profile: RiderProfile | null;
  passes: Pass[];
  at: number;
}

const snapshotKey = (userId: string) => `nx.access.v1.${userId}`;

/**
 * The rider's registration (masked, as the API returns it) and passes, kept on the phone so the
 * page still opens without network (a basement, a lift) and a scan there can be kept for later.
 */
export const accessSnapshot = {
  save(userId: string, snapshot: Omit<AccessSnapshot, 'at'>): void {
    try {
      Taro.setStorageSync(snapshotKey(userId), { ...snapshot, at: Date.now() });
    } catch {
      // Storage full: the page just needs the network next time.
    }
  },
  load(userId: string): AccessSnapshot | null {
    try {
      const v = Taro.getStorageSync(snapshotKey(userId)) as AccessSnapshot | '';
      return v && typeof v === 'object' && Array.isArray(v.passes) ? v : null;
    } catch {
      return null;
    }
  },
};
