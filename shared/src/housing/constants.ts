// Client-safe constants of 暖新公寓 housing: no imports, `as const` only, so the mini-program can
// bundle this file without TypeBox (see shared/src/auth/constants.ts).

/** Who a room is for. */
export const ROOM_GENDERS = ['male', 'female', 'any'] as const;
export type RoomGender = (typeof ROOM_GENDERS)[number];
export const ROOM_GENDER_LABELS = { male: '男', female: '女', any: '不限' } as const satisfies Record<
  RoomGender,
  string
>;

/** A bed in use (may be offered) or closed (repairs, kept for the operator). */
export const BED_STATUSES = ['active', 'closed'] as const;
export type BedStatus = (typeof BED_STATUSES)[number];
export const BED_STATUS_LABELS = { active: '可用', closed: '停用' } as const satisfies Record<BedStatus, string>;

/** What an apartment offers (icons in the app). */
export const FACILITIES = [
  'air_conditioner',
  'water_heater',
  'locker',
  'kitchen',
  'laundry',
  'wifi',
  'charging',
  'lounge',
  'security',
] as const;
export type Facility = (typeof FACILITIES)[number];
export const FACILITY_LABELS = {
  air_conditioner: '空调',
  water_heater: '热水器',
  locker: '储物柜',
  kitchen: '共享厨房',
  laundry: '洗衣房',
  wifi: '无线网络',
  charging: '电动车充电',
  lounge: '共享会客厅',
  security: '24小时安保',
} as const satisfies Record<Facility, string>;

/**
 * An application's state: submitted → waitlisted | offered | declined; waitlisted → offered |
 * declined; offered → moved_in (or declined when the offer is withdrawn); moved_in → moved_out.
 */
export const APPLICATION_STATUSES = [
  'submitted',
  'waitlisted',
  'offered',
  'declined',
  'moved_in',
  'moved_out',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_LABELS = {
  submitted: '待审核',
  waitlisted: '候补中',
  offered: '已分配床位',
  declined: '未通过',
  moved_in: '已入住',
  moved_out: '已退宿',
} as const satisfies Record<ApplicationStatus, string>;

/** The steps of an application's timeline (append-only). */
export const APPLICATION_STEP_LABELS = {
  submitted: '提交申请',
  waitlisted: '进入候补',
  offered: '分配床位',
  declined: '未通过',
  moved_in: '办理入住',
  moved_out: '办理退宿',
} as const satisfies Record<ApplicationStatus, string>;

/** States in which an application is still open (one open application per rider and apartment). */
export const OPEN_APPLICATION_STATUSES = ['submitted', 'waitlisted', 'offered', 'moved_in'] as const;

/** How long a rider may apply for: one month to a year. */
export const STAY_MONTHS = { min: 1, max: 12 } as const;
/** A monthly price in yuan the forms accept. */
export const BED_PRICE_YUAN = { min: 0, max: 10000 } as const;
/** How far ahead a rider may ask to move in. */
export const APPLY_AHEAD_DAYS = 180;

/** Inbox notice kinds a rider gets about an application. */
export const HOUSING_NOTICE_KINDS = [
  'housing_waitlisted',
  'housing_offered',
  'housing_declined',
  'housing_moved_in',
  'housing_moved_out',
] as const;
export type HousingNoticeKind = (typeof HOUSING_NOTICE_KINDS)[number];

/**
 * WeChat subscribe messages (订阅消息) a rider may agree to when applying — at most 3 per WeChat
 * request, so the review's three outcomes share one template: `housing_result` (offered,
 * waitlisted, declined) and `housing_moved_in`. Server: WECHAT_TEMPLATE_HOUSING_*.
 */
export const HOUSING_SUBSCRIBE_KINDS = ['housing_result', 'housing_moved_in'] as const;
export type HousingSubscribeKind = (typeof HOUSING_SUBSCRIBE_KINDS)[number];

/** Photos of one apartment, at most (the rider's page shows them as a strip). */
export const MAX_APARTMENT_PHOTOS = 9;
