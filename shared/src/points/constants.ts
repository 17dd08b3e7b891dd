// Client-safe constants of the points ledger: no imports, `as const` only (the mini-program
// bundles this file; see miniapp/README.md "Bundle rules").

/** Why a transfer happened. Every line of a rider's history carries one; labels are what riders read. */
export const TRANSFER_REASONS = [
  'report_accepted',
  'staff_grant',
  'voucher_hold',
  'voucher_used',
  'voucher_cancelled',
  'voucher_expired',
  'points_expired',
  'reversal',
  'account_deleted',
  'activity_attended',
  'task_completed',
  'suggestion_adopted',
] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

export const TRANSFER_REASON_LABELS = {
  report_accepted: '随手拍上报被受理',
  staff_grant: '志愿服务奖励',
  voucher_hold: '兑换（积分冻结）',
  voucher_used: '兑换券已核销',
  voucher_cancelled: '兑换取消，积分退回',
  voucher_expired: '兑换券过期，积分退回',
  points_expired: '积分过期',
  reversal: '冲正',
  account_deleted: '注销账号，积分作废',
  activity_attended: '参加活动签到',
  task_completed: '随手帮任务完成',
  suggestion_adopted: '建议被采纳',
} as const satisfies Record<TransferReason, string>;

/** Earning rules that staff may grant by hand (the report rule is credited by the system). */
export const GRANT_RULES = ['volunteer_meal_delivery', 'volunteer_service'] as const;
export type GrantRule = (typeof GRANT_RULES)[number];

/**
 * Earning rules the system credits when something happens in another job (a report accepted, an
 * activity attended, a 随手帮 task confirmed, a suggestion adopted): each is also a transfer reason.
 */
export const EVENT_RULES = ['report_accepted', 'activity_attended', 'task_completed', 'suggestion_adopted'] as const;
export type EventRule = (typeof EVENT_RULES)[number];

export const EARNING_RULES = [...EVENT_RULES, ...GRANT_RULES] as const;
export type EarningRule = (typeof EARNING_RULES)[number];

export const EARNING_RULE_LABELS = {
  report_accepted: '随手拍上报被受理',
  activity_attended: '参加活动签到',
  task_completed: '随手帮任务完成',
  suggestion_adopted: '骑思妙想建议被采纳',
  volunteer_meal_delivery: '送餐助老',
  volunteer_service: '志愿服务',
} as const satisfies Record<EarningRule, string>;

export const VOUCHER_STATUSES = ['issued', 'used', 'cancelled', 'expired'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

export const VOUCHER_STATUS_LABELS = {
  issued: '待使用',
  used: '已使用',
  cancelled: '已取消',
  expired: '已过期',
} as const satisfies Record<VoucherStatus, string>;

/** Short codes are read aloud and typed by hand at a counter: no 0/O, 1/I/L. */
export const SHORT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const SHORT_CODE_LENGTH = 8;

/** What a merchant's scan tells: the voucher can be confirmed, or why not. */
export const VOUCHER_VALIDITY = ['valid', 'used', 'cancelled', 'expired'] as const;
export type VoucherValidity = (typeof VOUCHER_VALIDITY)[number];

/** Inbox notices the points jobs write (kinds of GET /notifications items). */
export const POINT_NOTICE_KINDS = ['points_expiring', 'voucher_expiring'] as const;
export type PointNoticeKind = (typeof POINT_NOTICE_KINDS)[number];

/** How often a reward's stock refills (Beijing calendar). */
export const REWARD_PERIODS = ['day', 'week', 'month'] as const;
export type RewardPeriod = (typeof REWARD_PERIODS)[number];

export const REWARD_PERIOD_LABELS = { day: '每天', week: '每周', month: '每月' } as const satisfies Record<
  RewardPeriod,
  string
>;

/** Bounds the catalog admin checks (the API answers PRICE_INVALID etc. outside them). */
export const REWARD_LIMITS = {
  maxPrice: 100_000,
  maxStock: 100_000,
  maxPerRiderMonthly: 100,
  maxValidDays: 90,
  maxTitle: 40,
  maxRulePoints: 1000,
  maxCap: 100_000,
  /** What a street pays a shop back per voucher, in fen: at most 10,000 yuan. */
  maxSettlementFen: 1_000_000,
} as const;
