// Typed calls of the audit log (操作记录), read per scope by staff.
import type { AuditList } from '@nuanxin/shared/audit/schemas';
import { api } from './api';

export interface AuditFilters {
  /** A Beijing day, YYYY-MM-DD (the server takes `to` as the whole day). */
  from?: string;
  to?: string;
  /** One action (pass.approve) or a family (pass). */
  action?: string;
  /** Part of the acting account's name. */
  actor?: string;
  targetKind?: string;
}

function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const auditApi = {
  list: (filters: AuditFilters & { cursor?: string }) =>
    api.call<AuditList>('GET', `/api/v1/audit${query({ ...filters, limit: 30 })}`),
  csvPath: (filters: AuditFilters) => `/api/v1/audit.csv${query({ ...filters })}`,
};
