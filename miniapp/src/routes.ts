import Taro from '@tarojs/taro';

// Page paths in one place so a rename is one edit (app.config.ts lists the same pages).
export const ROUTES = {
  home: '/pages/home/index',
  stations: '/pages/stations/index',
  reports: '/pages/reports/index',
  me: '/pages/me/index',
  login: '/pages/login/index',
  access: '/pages/access/index',
  points: '/pages/points/index',
  staff: '/pages/staff/index',
  stationDetail: '/pages/station-detail/index',
  accessCode: '/pages/access-code/index',
  staffReview: '/pages/staff-review/index',
  staffGates: '/pages/staff-gates/index',
  staffLog: '/pages/staff-log/index',
  staffCheck: '/pages/staff-check/index',
  staffGuide: '/pages/staff-guide/index',
  staffRiders: '/pages/staff-riders/index',
  merchant: '/pages/merchant/index',
  myReports: '/pages/reports/mine/index',
  reportDetail: '/pages/reports/detail/index',
  staffReports: '/pages/staff/reports/index',
  staffFigures: '/pages/staff/figures/index',
  staffMap: '/pages/staff/map/index',
  staffCategories: '/pages/staff/categories/index',
  staffStreets: '/pages/staff/streets/index',
  staffRouting: '/pages/staff/routing/index',
  notifications: '/pages/notifications/index',
  staffPoints: '/pages/staff-points/index',
} as const;

/** Tab pages can only be opened with switchTab (navigateTo fails on them in weapp). */
export const TAB_ROUTES: ReadonlySet<string> = new Set([ROUTES.home, ROUTES.stations, ROUTES.reports, ROUTES.me]);

export function openRoute(url: string): void {
  if (TAB_ROUTES.has(url)) void Taro.switchTab({ url });
  else void Taro.navigateTo({ url });
}

/** The detail page of one station; `distanceM` (from the list) is shown until a fresh fix exists. */
export function stationDetailUrl(id: string, distanceM?: number): string {
  const d = distanceM != null && Number.isFinite(distanceM) ? `&d=${Math.round(distanceM)}` : '';
  return `${ROUTES.stationDetail}?id=${encodeURIComponent(id)}${d}`;
}
