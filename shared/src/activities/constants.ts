// Client-safe constants of 活动 · 课程 (community activities and courses): no imports, `as const`
// only, so the mini-program can bundle this file without TypeBox.

/** What an activity is; the value is stored and shown as it is. */
export const ACTIVITY_KINDS = ['课程', '义诊', '法律咨询', '安全宣讲', '文体', '家庭日', '其他'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** A rider's sign-up: a seat, a place on the waiting list, or given up. */
export const SIGNUP_STATUSES = ['confirmed', 'waiting', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

export const SIGNUP_STATUS_LABELS = {
  confirmed: '已报名',
  waiting: '候补中',
  cancelled: '已取消',
} as const;

/** How a check-in was made: the rider entered the activity's code, or the organiser the rider's. */
export const CHECKIN_METHODS = ['activity_code', 'rider_code'] as const;
export type CheckinMethod = (typeof CHECKIN_METHODS)[number];

/** The rotating check-in code changes every this many seconds; the one before still counts. */
export const ACTIVITY_CODE_STEP_SECONDS = 30;
/** Digits of the short code a rider types when the browser cannot scan. */
export const ACTIVITY_CODE_DIGITS = 6;
/** Check-in opens this long before a session starts and closes this long after it ends. */
export const CHECKIN_MARGIN_MINUTES = 30;

export const ACTIVITY_LIMITS = {
  titleMax: 60,
  descriptionMax: 2000,
  addressMax: 120,
  audienceMax: 60,
  capacityMax: 5000,
  sessionsMax: 60,
  cancelReasonMax: 200,
} as const;

/** Notices a rider gets about a sign-up (inbox `kind`). */
export const ACTIVITY_NOTICE_KINDS = [
  'activity_promoted',
  'activity_reminder',
  'activity_changed',
  'activity_cancelled',
] as const;

/** Subscribe messages a rider can agree to when signing up (the server's WECHAT_TEMPLATE_ACTIVITY_*). */
export const ACTIVITY_SUBSCRIPTIONS = ['activity_reminder'] as const;

/** A course's 结业证书 needs at least this share of its sessions attended (all of them over). */
export const CERTIFICATE_SHARE = 0.75;
