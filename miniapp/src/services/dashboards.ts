// Types only from the schema file (TypeBox must stay out of the bundle).
import type {
  AccessDashboard,
  PointsDashboard,
  ReportDashboard,
  StationsDashboard,
} from '@nuanxin/shared/dashboards/schemas';
import type { MapLayers } from '@nuanxin/shared/geo/schemas';
import type { DashboardPeriod } from '@nuanxin/shared/dashboards/constants';
import { api } from './api';

export interface PeriodChoice {
  period: DashboardPeriod;
  /** YYYY-MM-DD (Asia/Shanghai), custom only. */
  from?: string;
  to?: string;
}

const query = (p: PeriodChoice, extra: Record<string, string> = {}) =>
  Object.entries({ period: p.period, ...(p.period === 'custom' ? { from: p.from, to: p.to } : {}), ...extra })
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
    .join('&');

/** Each dashboard's figures, by the name of its route. */
export interface Figures {
  reports: ReportDashboard;
  access: AccessDashboard;
  points: PointsDashboard;
}
export type DashboardKind = keyof Figures;

export const dashboardsApi = {
  figures: <K extends DashboardKind>(kind: K, p: PeriodChoice) =>
    api.call<Figures[K]>('GET', `/api/v1/dashboards/${kind}?${query(p)}`),
  /** The path of one table's CSV, for downloadAuthenticated. */
  csvPath: (kind: DashboardKind, table: string, p: PeriodChoice) =>
    `/api/v1/dashboards/${kind}.csv?${query(p, { table })}`,
};

/** 驿站覆盖 (no period: the coverage now) and the map of the scope's district. */
export const coverageApi = {
  stations: (streetId?: string) =>
    api.call<StationsDashboard>(
      'GET',
      `/api/v1/dashboards/stations${streetId ? `?streetId=${encodeURIComponent(streetId)}` : ''}`,
    ),
  csvPath: (table: string) => `/api/v1/dashboards/stations.csv?table=${encodeURIComponent(table)}`,
  /** Outlines, communities and stations of a district (GeoJSON, GCJ-02). */
  layers: (districtId: string) =>
    api.call<MapLayers>('GET', `/api/v1/map/layers?districtId=${encodeURIComponent(districtId)}`),
};
