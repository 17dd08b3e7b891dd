// Typed calls of the one inbox: report outcomes and points notices.
import type { NotificationList } from '@nuanxin/shared/reports/schemas';
import type { Attention } from '@nuanxin/shared/notifications/schemas';
import { api } from './api';

export const notificationsApi = {
  list: () => api.call<NotificationList>('GET', '/api/v1/notifications'),
  read: (id: string) => api.call<void>('POST', `/api/v1/notifications/${id}/read`),
  readAll: () => api.call<{ marked: number }>('POST', '/api/v1/notifications/read-all'),
};

/** What needs the caller's action (home banner) and the unread count (我的 tab badge), in one call. */
export const attentionApi = {
  get: () => api.call<Attention>('GET', '/api/v1/me/attention'),
};
