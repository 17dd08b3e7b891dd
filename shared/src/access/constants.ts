// Client-safe constants of 暖新码 access: no imports, `as const` only, so the mini-program can
// bundle this file without TypeBox (see shared/src/auth/constants.ts).

/** Delivery platforms a rider can belong to; the value is stored, the label is shown. */
export const PLATFORMS = [
  'meituan',
  'eleme',
  'sf',
  'jd',
  'zto',
  'yto',
  'sto',
  'yunda',
  'jtexpress',
  'ems',
  'didi',
  'other',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PLATFORM_LABELS = {
  meituan: '美团',
  eleme: '饿了么',
  sf: '顺丰',
  jd: '京东',
  zto: '中通',
  yto: '圆通',
  sto: '申通',
  yunda: '韵达',
  jtexpress: '极兔',
  ems: 'EMS',
  didi: '滴滴',
  other: '其他',
} as const satisfies Record<Platform, string>;

export const VEHICLE_KINDS = ['e_bike', 'motorcycle', 'tricycle', 'car', 'bicycle', 'on_foot'] as const;
export type VehicleKind = (typeof VEHICLE_KINDS)[number];

export const VEHICLE_LABELS = {
  e_bike: '电动自行车',
  motorcycle: '摩托车',
  tricycle: '三轮车',
  car: '汽车',
  bicycle: '自行车',
  on_foot: '步行',
} as const satisfies Record<VehicleKind, string>;

/** pending → approved | rejected; approved → revoked | expired. A new application reopens the row. */
export const PASS_STATUSES = ['pending', 'approved', 'rejected', 'revoked', 'expired'] as const;
export type PassStatus = (typeof PASS_STATUSES)[number];

export const PASS_STATUS_LABELS = {
  pending: '审核中',
  approved: '已通过',
  rejected: '未通过',
  revoked: '已撤销',
  expired: '已过期',
} as const satisfies Record<PassStatus, string>;

export const GATE_KINDS = ['smart', 'guarded'] as const;
export type GateKind = (typeof GATE_KINDS)[number];
export const GATE_KIND_LABELS = { smart: '智能道闸', guarded: '人工值守' } as const satisfies Record<GateKind, string>;

export const APPROVAL_MODES = ['auto', 'manual'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/**
 * Why a scan was denied although the code itself was good, with what the rider should do next.
 * Code problems (forged, superseded, unknown gate…) are 4xx errors instead; see common/errors.
 */
export const DENY_REASONS = {
  NO_PASS: { message: '你还没有该小区的通行证', next: '请在“我的通行证”中申请该小区' },
  WRONG_COMMUNITY: { message: '你的通行证不包含这个小区', next: '请申请该小区的通行证，或到已准入的小区扫码' },
  PASS_PENDING: { message: '通行申请正在审核中', next: '请等待物业审核，审核通过后再扫码' },
  PASS_REJECTED: { message: '通行申请未通过', next: '请查看原因，修改信息后重新申请' },
  PASS_REVOKED: { message: '通行证已被撤销', next: '请联系物业了解原因，或重新申请' },
  PASS_EXPIRED: { message: '通行证已过期', next: '请重新申请该小区的通行证' },
  RIDER_SUSPENDED: { message: '你的通行资格已被暂停', next: '请联系社区或街道工作人员' },
  GATE_INACTIVE: { message: '该门岗暂停使用', next: '请从其他门岗进入，或联系门岗工作人员' },
  LOCATION_REQUIRED: { message: '该小区需要定位后才能进门', next: '请允许获取位置后重新扫码' },
  TOO_FAR: { message: '你离这个门岗太远', next: '请到门岗前再扫码' },
} as const;
export type DenyReason = keyof typeof DENY_REASONS;

/**
 * The same reasons as a guard or admin reads them: about the rider, not to them (a guard's check
 * result, the access log and its export).
 */
export const STAFF_DENY_MESSAGES = {
  NO_PASS: '该骑手没有本小区的通行证',
  WRONG_COMMUNITY: '该骑手的通行证不包含本小区',
  PASS_PENDING: '该骑手的通行申请正在审核中',
  PASS_REJECTED: '该骑手的通行申请未通过',
  PASS_REVOKED: '该骑手的通行证已被撤销',
  PASS_EXPIRED: '该骑手的通行证已过期',
  RIDER_SUSPENDED: '该骑手的通行资格已被暂停',
  GATE_INACTIVE: '该门岗暂停使用',
  LOCATION_REQUIRED: '扫码时没有定位',
  TOO_FAR: '扫码位置离门岗太远',
} as const satisfies Record<DenyReason, string>;

/**
 * 扫码位置核验 is on unless an admin switches it off, within this many metres of the gate: a
 * compound's half-width (most are under 200 m across from a gate) plus a phone's GPS error among
 * buildings (50–100 m). Admins may set 20–5000 m (GuideBody).
 */
export const DEFAULT_REQUIRE_LOCATION = true;
export const DEFAULT_MAX_DISTANCE_M = 300;

/** 门岗号: the digits printed under a poster's QR, typed instead of scanning (\`gates.short_code\`). */
export const GATE_NUMBER_LENGTH = 8;

/** The rider's own code changes this often (seconds), so a screenshot is useless. */
export const RIDER_CODE_PERIOD_SECONDS = 30;

/**
 * Guide positions (entrances, parking, transfer point) must lie this close to the community's
 * point: further away is almost always a slip (a pick on the wrong street, swapped lat/lng).
 */
export const GUIDE_MAX_DISTANCE_M = 2000;
/** Entrances per building in the guide. */
export const GUIDE_MAX_ENTRANCES = 10;

/**
 * Who may suspend a rider's access (everywhere, not one compound: a community admin revokes its
 * own pass instead). A street operator covers riders with a pass in its street, a district admin
 * those with a pass in its district; a street operator cannot lift a district's suspension.
 */
export const SUSPENDER_ROLES = ['street_operator', 'district_admin'] as const;
export type SuspenderRole = (typeof SUSPENDER_ROLES)[number];
export const SUSPENDER_LABELS = { street_operator: '街道', district_admin: '区' } as const satisfies Record<
  SuspenderRole,
  string
>;

export const SUSPENSION_ACTIONS = ['suspend', 'lift'] as const;
export type SuspensionAction = (typeof SUSPENSION_ACTIONS)[number];
export const SUSPENSION_ACTION_LABELS = { suspend: '暂停通行', lift: '恢复通行' } as const satisfies Record<
  SuspensionAction,
  string
>;

/** Who signs a 三方共建协议: the community, its property company, the platform, a station. */
export const AGREEMENT_PARTY_KINDS = ['community', 'property', 'platform', 'station'] as const;
export type AgreementPartyKind = (typeof AGREEMENT_PARTY_KINDS)[number];
export const AGREEMENT_PARTY_LABELS = {
  community: '社区',
  property: '物业',
  platform: '平台',
  station: '站点',
} as const satisfies Record<AgreementPartyKind, string>;
export const APPROVAL_MODE_LABELS = { auto: '自动通过', manual: '人工审核' } as const satisfies Record<
  ApprovalMode,
  string
>;
/**
 * What a rider is told about its passes (inbox, and a subscribe message where it agreed): each a
 * subscribe-message kind with its template id in the server's config (WECHAT_TEMPLATE_PASS_*).
 */
export const PASS_NOTICE_KINDS = ['pass_approved', 'pass_rejected', 'pass_revoked', 'pass_expiring'] as const;
export type PassNoticeKind = (typeof PASS_NOTICE_KINDS)[number];
/** An approved pass is announced as expiring this many days before its end, once. */
export const PASS_EXPIRING_NOTICE_DAYS = 3;
