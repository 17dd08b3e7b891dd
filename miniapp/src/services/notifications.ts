// Typed calls of the one inbox: report outcomes and points notices.
import type { NotificationList } from '@nuanxin/shared/reports/schemas';
import { api } from './api';

export const notificationsApi = {
  list: () => api.call<NotificationList>('GET', '/api/v1/notifications'),
  read: (id: string) => api.call<void>('POST', `/api/v1/notifications/${id}/read`),
  readAll: () => api.call<{ marked: number }>('POST', '/api/v1/notifications/read-all'),
};
