// Client-safe constants of 法律援助 · 一站式调解: no imports, `as const` only (the mini-program
// bundles this file).

/** 纠纷类型: what a rider's case is about. */
export const CASE_KINDS = [
  'wage_arrears',
  'traffic_accident',
  'occupational_injury',
  'platform_dispute',
  'labour_contract',
  'other',
] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_KIND_LABELS = {
  wage_arrears: '欠薪',
  traffic_accident: '交通事故',
  occupational_injury: '职业伤害',
  platform_dispute: '平台纠纷',
  labour_contract: '劳动合同',
  other: '其他',
} as const satisfies Record<CaseKind, string>;

/**
 * 受理 — 调处 — 反馈: submitted (待受理) → accepted (已受理) → mediating (调处中, a mediator named)
 * → closed (已办结, with the outcome); or submitted → referred (已转介, with where and why).
 */
export const CASE_STATES = ['submitted', 'accepted', 'mediating', 'closed', 'referred'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_STATE_LABELS = {
  submitted: '待受理',
  accepted: '已受理',
  mediating: '调处中',
  closed: '已办结',
  referred: '已转介',
} as const satisfies Record<CaseState, string>;
/** States still on the centre's desk. */
export const OPEN_CASE_STATES = ['submitted', 'accepted', 'mediating'] as const;

/** Every entry of a case's timeline (append-only). */
export const CASE_ACTIONS = [
  'submit',
  'accept',
  'refer',
  'assign',
  'appointment',
  'note',
  'attachment',
  'close',
  'rate',
  'reopen',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
export const CASE_ACTION_LABELS = {
  submit: '提交求助',
  accept: '调解中心受理',
  refer: '转介',
  assign: '指派调解员',
  appointment: '预约面谈',
  note: '调处记录',
  attachment: '上传材料',
  close: '办结反馈',
  rate: '评价',
  reopen: '重新申请调处',
} as const satisfies Record<CaseAction, string>;

/** How the rider wants to be contacted. */
export const CONTACT_PREFERENCES = ['phone', 'message', 'visit'] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];
export const CONTACT_PREFERENCE_LABELS = {
  phone: '电话联系',
  message: '小程序消息',
  visit: '到驿站面谈',
} as const satisfies Record<ContactPreference, string>;

/** 调处结果. */
export const CASE_OUTCOMES = ['resolved', 'partly_resolved', 'not_resolved', 'withdrawn'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
/**
 * WeChat subscribe messages a rider may agree to when opening a case (at most 3 per WeChat
 * request): `legal_intake` (受理 or 转介), `legal_appointment`, `legal_closed`. Server:
 * WECHAT_TEMPLATE_LEGAL_*. The messages carry the kind of case and the step, never case text.
 */
export const LEGAL_SUBSCRIBE_KINDS = ['legal_intake', 'legal_appointment', 'legal_closed'] as const;
export type LegalSubscribeKind = (typeof LEGAL_SUBSCRIBE_KINDS)[number];

export const CASE_OUTCOME_LABELS = {
  resolved: '调解成功',
  partly_resolved: '部分解决',
  not_resolved: '未达成一致',
  withdrawn: '当事人撤回',
} as const satisfies Record<CaseOutcome, string>;

/** 受理时限: working days (Monday–Friday, Beijing time) from submission. */
export const ACCEPT_WITHIN_WORKING_DAYS = 2;
/** 调处时限: calendar days from acceptance (or from a reopen) to closing. */
export const CLOSE_WITHIN_DAYS = 30;
/** The rider may ask for the case to be reopened this many days after it was closed. */
export const REOPEN_WITHIN_DAYS = 15;
/** Deadlines that raise an overdue alert to the district's mediators. */
export const CASE_DEADLINES = ['accept', 'close'] as const;
export type CaseDeadline = (typeof CASE_DEADLINES)[number];

export const DESCRIPTION_MAX = 2000;
export const OTHER_PARTY_MAX = 100;
export const REQUEST_MAX = 500;
export const NOTE_MAX = 1000;
export const COMMENT_MAX = 200;
export const PLACE_MAX = 100;
/** Photos and screenshots per case (the rider's evidence and the centre's documents together). */
export const MAX_ATTACHMENTS = 9;
/** A signed attachment link is good for this long. */
export const ATTACHMENT_URL_TTL_SECONDS = 600;
