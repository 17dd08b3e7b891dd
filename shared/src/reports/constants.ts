// Client-safe constants of 随手拍 (no imports, `as const` only): the mini-program bundles this file.

/** Report states, in workflow order. */
export const REPORT_STATES = ['submitted', 'accepted', 'rejected', 'dispatched', 'on_site', 'fixed', 'closed'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const REPORT_STATE_LABELS = {
  submitted: '已提交',
  accepted: '已受理',
  rejected: '未受理',
  dispatched: '已派单',
  on_site: '已到场',
  fixed: '已修复',
  closed: '已办结',
} as const satisfies Record<ReportState, string>;

/**
 * FixMyStreet-style state groups: what counts as still open (shown as a duplicate candidate,
 * counted in the queue), fixed, or finished.
 */
export const REPORT_STATE_GROUPS = {
  open: ['submitted', 'accepted', 'dispatched', 'on_site'],
  fixed: ['fixed'],
  closed: ['closed', 'rejected'],
} as const satisfies Record<string, readonly ReportState[]>;

export const OPEN_REPORT_STATES: readonly ReportState[] = REPORT_STATE_GROUPS.open;

/**
 * The workflow. Each action moves from one of `from` to `to`; anything else (skipping a step,
 * going back) is refused with INVALID_TRANSITION. `reopen` is the reporter's, the rest staff's.
 */
export const REPORT_ACTIONS = {
  accept: { from: ['submitted'], to: 'accepted', label: '受理' },
  reject: { from: ['submitted'], to: 'rejected', label: '不予受理' },
  dispatch: { from: ['accepted'], to: 'dispatched', label: '派单' },
  on_site: { from: ['dispatched'], to: 'on_site', label: '已到场' },
  fix: { from: ['on_site'], to: 'fixed', label: '已修复' },
  close: { from: ['fixed'], to: 'closed', label: '办结' },
  reopen: { from: ['fixed', 'closed'], to: 'accepted', label: '重新打开' },
  /** The city closed the request we forwarded (12345): never a staff action (reports/city/poll.ts). */
  city_close: {
    from: ['submitted', 'accepted', 'dispatched', 'on_site', 'fixed'],
    to: 'closed',
    label: '12345 办结',
  },
} as const satisfies Record<string, { from: readonly ReportState[]; to: ReportState; label: string }>;
export type ReportAction = keyof typeof REPORT_ACTIONS;
export const STAFF_REPORT_ACTIONS = ['accept', 'reject', 'dispatch', 'on_site', 'fix', 'close'] as const;

export const REJECT_REASONS = ['duplicate', 'not_hazard', 'not_our_area'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_LABELS = {
  duplicate: '重复上报',
  not_hazard: '不属于安全隐患',
  not_our_area: '不属于本辖区',
} as const satisfies Record<RejectReason, string>;

/** The reporter may reopen a fixed report for this long if the hazard is still there. */
export const REOPEN_WINDOW_DAYS = 7;
/** Open reports of the same category this close are offered as "我也遇到" before submitting. */
export const DUPLICATE_RADIUS_M = 250;
/** Staff look a little wider for duplicates to merge (two riders' fixes of one pothole can differ). */
export const MERGE_RADIUS_M = 500;
export const DESCRIPTION_MAX = 500;
export const MAX_PHOTOS = 3;

/**
 * Seeded categories; the list itself is managed in the database (report_categories). The icon is
 * one character drawn in a coloured badge: emoji fonts are missing on many Android phones and
 * in headless browsers, a CJK character is not.
 */
export const DEFAULT_CATEGORIES = [
  { code: 'signal', name: '信号灯故障', icon: '灯', onSiteWithinMinutes: 15 },
  { code: 'pothole', name: '道路坑洼', icon: '坑', onSiteWithinMinutes: 30 },
  { code: 'collapse', name: '路面塌陷', icon: '塌', onSiteWithinMinutes: 15 },
  { code: 'fallen_tree', name: '树木倒伏', icon: '树', onSiteWithinMinutes: 20 },
  { code: 'loose_sign', name: '广告牌松动', icon: '牌', onSiteWithinMinutes: 20 },
  { code: 'manhole', name: '井盖缺失', icon: '井', onSiteWithinMinutes: 15 },
  { code: 'flooding', name: '积水', icon: '水', onSiteWithinMinutes: 30 },
  { code: 'other', name: '其他', icon: '他', onSiteWithinMinutes: 60 },
] as const;

/** Kinds of rider notification; each may also go out as a WeChat subscribe message. */
export const NOTIFICATION_KINDS = ['report_accepted', 'report_rejected', 'report_fixed'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds of staff notice: a dispatch to a crew, an overdue report to the street's operators. */
export const STAFF_NOTICE_KINDS = ['report_dispatched', 'report_overdue'] as const;
export type StaffNoticeKind = (typeof STAFF_NOTICE_KINDS)[number];

/** The deadlines a report can miss (each alerts the street's operators once). */
export const REPORT_DEADLINES = ['accept', 'on_site', 'fix'] as const;
export type ReportDeadline = (typeof REPORT_DEADLINES)[number];
export const OVERDUE_LABELS = {
  accept: '超时未受理',
  on_site: '超时未到场',
  fix: '超时未修复',
} as const satisfies Record<ReportDeadline, string>;

/** What a crew member (crew_member, scope team) may do on a report dispatched to its team. */
export const CREW_REPORT_ACTIONS = ['on_site', 'fix'] as const;

/**
 * The icons a category may use: one CJK character drawn in a coloured badge (see
 * DEFAULT_CATEGORIES). A fixed set, so every icon renders on every phone and in headless browsers.
 */
export const CATEGORY_ICONS = [
  '灯',
  '坑',
  '塌',
  '树',
  '牌',
  '井',
  '水',
  '他',
  '路',
  '桥',
  '电',
  '线',
  '栏',
  '冰',
  '火',
  '垃',
  '车',
  '障',
] as const;
export type CategoryIcon = (typeof CATEGORY_ICONS)[number];
/** SLA bounds an admin may set for a category. */
export const CATEGORY_SLA_LIMITS = {
  acceptWithinMinutes: { min: 5, max: 7 * 24 * 60 },
  /** From dispatch to the crew on site (the demo street's team took under 10 minutes). */
  onSiteWithinMinutes: { min: 5, max: 7 * 24 * 60 },
  fixWithinHours: { min: 1, max: 90 * 24 },
} as const;
export const CATEGORY_NAME_MAX = 20;
export const TEAM_NAME_MAX = 40;

/**
 * Where a report came from: the mini-program (a rider, who earns points when it is accepted) or an
 * Open311 partner system (shown to staff as 来自合作方; earns no points: nobody to credit).
 */
export const REPORT_SOURCES = ['app', 'open311'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];
export const REPORT_SOURCE_LABELS = { app: '骑手上报', open311: '来自合作方' } as const satisfies Record<
  ReportSource,
  string
>;

/** The actor role of updates written by jobs (e.g. the automatic close), not by a person. */
export const SYSTEM_ACTOR_ROLE = 'system';

/** Staff map of open reports: most pins per viewport, widest viewport (diagonal), nearest-list size. */
export const REPORT_MAP_LIMITS = {
  defaultItems: 200,
  maxItems: 500,
  maxBoxDiagonalM: 30_000,
  nearestItems: 50,
} as const;

/** 转交12345: why a report went to the city's Open311 endpoint. */
export const CITY_FORWARD_REASONS = ['city_category', 'overdue', 'manual'] as const;
export type CityForwardReason = (typeof CITY_FORWARD_REASONS)[number];
export const CITY_FORWARD_REASON_LABELS = {
  city_category: '市级类别',
  overdue: '街道超时未受理',
  manual: '街道转交',
} as const satisfies Record<CityForwardReason, string>;

/** Where a forward stands: pending (to send / retrying), token (sent, id to come), forwarded, closed, dead. */
export const CITY_FORWARD_STATES = ['pending', 'token', 'forwarded', 'closed', 'dead'] as const;
export type CityForwardState = (typeof CITY_FORWARD_STATES)[number];
export const CITY_FORWARD_STATE_LABELS = {
  pending: '待转交',
  token: '已转交，待分配工单号',
  forwarded: '已转交 12345',
  closed: '12345 已办结',
  dead: '转交失败',
} as const satisfies Record<CityForwardState, string>;

/** The city's status of a request (GeoReport v2: open | closed). */
export const CITY_STATUS_LABELS = { open: '处理中', closed: '已办结' } as const;

/** Timeline actions written from the city side (actor role `city`). */
export const CITY_TIMELINE_LABELS = {
  city_forward: '已转交 12345',
  city_update: '12345 回复',
  city_request: '申请转交 12345',
} as const;
