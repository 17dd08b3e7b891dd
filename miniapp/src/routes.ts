import Taro from '@tarojs/taro';

// Page paths in one place so a rename is one edit (app.config.ts lists the same pages).
// Main package: pages/<tab>/index; each job's subpackage: packages/<job>/<page>/index, its staff
// pages packages/<job>/staff/<page>/index.
export const ROUTES = {
  home: '/pages/home/index',
  stations: '/pages/stations/index',
  reports: '/pages/reports/index',
  me: '/pages/me/index',
  login: '/pages/login/index',
  // 暖新码
  access: '/packages/access/index',
  accessCode: '/packages/access/code/index',
  staffReview: '/packages/access/staff/review/index',
  staffGates: '/packages/access/staff/gates/index',
  staffLog: '/packages/access/staff/log/index',
  staffCheck: '/packages/access/staff/check/index',
  staffGuide: '/packages/access/staff/guide/index',
  staffRiders: '/packages/access/staff/riders/index',
  // 驿站
  stationDetail: '/packages/stations/detail/index',
  staffStationsManage: '/packages/stations/staff/manage/index',
  // 批量导入
  staffImportCommunities: '/packages/imports/staff/communities/index',
  staffImportStations: '/packages/imports/staff/stations/index',
  // 随手拍
  myReports: '/packages/reports/mine/index',
  reportDetail: '/packages/reports/detail/index',
  staffReports: '/packages/reports/staff/queue/index',
  staffReport: '/packages/reports/staff/report/index',
  staffDashboard: '/packages/dashboards/staff/board/index',
  staffMap: '/packages/reports/staff/map/index',
  staffCategories: '/packages/reports/staff/categories/index',
  staffStreets: '/packages/reports/staff/streets/index',
  staffRouting: '/packages/reports/staff/routing/index',
  crewReports: '/packages/reports/staff/crew/index',
  // 积分
  points: '/packages/points/index',
  merchant: '/packages/points/staff/merchant/index',
  staffPoints: '/packages/points/staff/rewards/index',
  statement: '/packages/points/staff/statement/index',
  shopRewards: '/packages/points/staff/shop-rewards/index',
  pointsRules: '/packages/points/rules/index',
  staffRulesDocument: '/packages/points/staff/rules-document/index',
  // 组织管理（街道、社区、共建协议、友好商户）
  orgStreets: '/packages/org/staff/streets/index',
  orgCommunities: '/packages/org/staff/communities/index',
  orgCommunity: '/packages/org/staff/community/index',
  orgAgreements: '/packages/org/staff/agreements/index',
  orgShops: '/packages/org/staff/shops/index',
  // 法律援助
  legal: '/packages/legal/index',
  legalNew: '/packages/legal/new/index',
  legalCase: '/packages/legal/case/index',
  legalInbox: '/packages/legal/staff/inbox/index',
  legalStaffCase: '/packages/legal/staff/case/index',
  legalFigures: '/packages/legal/staff/figures/index',
  legalCalendar: '/packages/legal/staff/calendar/index',
  // 社区（活动 · 课程；随手帮、骑思妙想 join the hub's sections）
  community: '/packages/community/index/index',
  activities: '/packages/community/activities/index',
  activityDetail: '/packages/community/activity/index',
  myActivities: '/packages/community/mine/index',
  activityCheckin: '/packages/community/checkin/index',
  staffActivities: '/packages/community/staff/activities/list/index',
  staffActivityEdit: '/packages/community/staff/activities/edit/index',
  staffActivityRoster: '/packages/community/staff/activities/roster/index',
  staffActivityCode: '/packages/community/staff/activities/code/index',
  // 社区：随手帮、骑思妙想
  tasks: '/packages/community/tasks/index',
  taskDetail: '/packages/community/tasks/detail/index',
  myTasks: '/packages/community/tasks/mine/index',
  suggestions: '/packages/community/suggestions/index',
  newSuggestion: '/packages/community/suggestions/new/index',
  mySuggestions: '/packages/community/suggestions/mine/index',
  staffTasks: '/packages/community/staff/tasks/index',
  staffTask: '/packages/community/staff/tasks/detail/index',
  staffSuggestions: '/packages/community/staff/suggestions/index',
  wishes: '/packages/community/wishes/index',
  newWish: '/packages/community/wishes/new/index',
  myWishes: '/packages/community/wishes/mine/index',
  staffWishes: '/packages/community/staff/wishes/index',
  // 暖新公寓
  housing: '/packages/housing/index',
  housingApartment: '/packages/housing/apartment/index',
  staffHousing: '/packages/housing/staff/review/index',
  staffHousingBeds: '/packages/housing/staff/beds/index',
  staffHousingApartment: '/packages/housing/staff/apartment/index',
  // 我的
  notifications: '/packages/me/notifications/index',
  staff: '/packages/me/workbench/index',
  staffInvitations: '/packages/me/staff/invitations/index',
  staffAudit: '/packages/me/staff/audit/index',
  privacy: '/packages/me/privacy/index',
  privacyDelete: '/packages/me/privacy/delete/index',
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

/** One report, as the rider sees it (timeline, 重新打开). */
export function reportDetailUrl(id: string): string {
  return `${ROUTES.reportDetail}?id=${encodeURIComponent(id)}`;
}

/** One report, as the street or district handles it. */
export function staffReportUrl(id: string): string {
  return `${ROUTES.staffReport}?id=${encodeURIComponent(id)}`;
}

/** The community form: a new community without an id, an edit with one. */
export function orgCommunityUrl(id?: string): string {
  return id ? `${ROUTES.orgCommunity}?id=${encodeURIComponent(id)}` : ROUTES.orgCommunity;
}

/** The co-construction agreements of one community, or of every community in scope. */
export function orgAgreementsUrl(communityId?: string): string {
  return communityId ? `${ROUTES.orgAgreements}?communityId=${encodeURIComponent(communityId)}` : ROUTES.orgAgreements;
}

/** One 随手帮 task, as a rider sees it (认领, 完成, 放弃). */
export function taskDetailUrl(id: string): string {
  return `${ROUTES.taskDetail}?id=${encodeURIComponent(id)}`;
}

/** One 随手帮 task with its claims, for its poster. */
export function staffTaskUrl(id: string): string {
  return `${ROUTES.staffTask}?id=${encodeURIComponent(id)}`;
}
