// Client-safe constants of the dashboards (数据看板). No imports: the mini-program imports these.

/** The period choices of every figure; `custom` takes from/to (YYYY-MM-DD, Asia/Shanghai days). */
export const DASHBOARD_PERIODS = ['today', '7d', '30d', 'custom'] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

export const DASHBOARD_PERIOD_LABELS: Record<DashboardPeriod, string> = {
  today: '今天',
  '7d': '近7天',
  '30d': '近30天',
  custom: '自定义',
};

/** The longest custom range, in days (inclusive of both ends). */
export const DASHBOARD_MAX_DAYS = 366;

/** Tables each dashboard exports as CSV (`?table=`). */
export const REPORT_DASHBOARD_TABLES = ['daily', 'times', 'categories', 'streets', 'overdue'] as const;
export type ReportDashboardTable = (typeof REPORT_DASHBOARD_TABLES)[number];
export const ACCESS_DASHBOARD_TABLES = ['daily', 'communities', 'hours', 'reasons', 'passes'] as const;
export type AccessDashboardTable = (typeof ACCESS_DASHBOARD_TABLES)[number];
export const POINTS_DASHBOARD_TABLES = ['months', 'rules', 'shops'] as const;
export type PointsDashboardTable = (typeof POINTS_DASHBOARD_TABLES)[number];

/** The three SLA steps of a report, in order. */
export const REPORT_TIME_STEPS = ['toAccept', 'toOnSite', 'toFix'] as const;
export type ReportTimeStep = (typeof REPORT_TIME_STEPS)[number];
export const REPORT_TIME_STEP_LABELS: Record<ReportTimeStep, string> = {
  toAccept: '受理',
  toOnSite: '到场',
  toFix: '修复',
};

// ---- 驿站覆盖 (stations coverage) ----

/** Tables of the stations coverage dashboard (`stations.csv?table=`). */
export const STATIONS_DASHBOARD_TABLES = ['streets', 'uncovered', 'types', 'amenities'] as const;
export type StationsDashboardTable = (typeof STATIONS_DASHBOARD_TABLES)[number];
