// 骑思妙想 suggestions: client-safe constants (no imports).

/** Where a suggestion goes: a station (read by its street), a community or a street. */
export const SUGGESTION_TARGETS = ['station', 'community', 'street'] as const;
export type SuggestionTarget = (typeof SUGGESTION_TARGETS)[number];

export const SUGGESTION_TARGET_LABELS: Record<SuggestionTarget, string> = {
  station: '驿站',
  community: '社区',
  street: '街道',
};

export const SUGGESTION_CATEGORIES = ['驿站服务', '交通出行', '社区治理', '权益保障', '其他'] as const;
export type SuggestionCategory = (typeof SUGGESTION_CATEGORIES)[number];

/** submitted → received (已收到) → adopted (已采纳) | not_adopted (未采纳, with a reason). */
export const SUGGESTION_STATUSES = ['submitted', 'received', 'adopted', 'not_adopted'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** What staff may mark. */
export const SUGGESTION_DECISIONS = ['received', 'adopted', 'not_adopted'] as const;
export type SuggestionDecision = (typeof SUGGESTION_DECISIONS)[number];

export const SUGGESTION_STATUS_LABELS: Record<SuggestionStatus, string> = {
  submitted: '待处理',
  received: '已收到',
  adopted: '已采纳',
  not_adopted: '未采纳',
};
