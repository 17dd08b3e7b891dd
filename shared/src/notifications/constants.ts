// Client-safe constants (no imports): the kinds of the home page's "needs your action" banner.

/** In the order the banner lists them: what blocks the rider first. */
export const ATTENTION_KINDS = ['pass_refused', 'pass_pending', 'report_fixed', 'voucher_expiring', 'unread'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** A refused (rejected or revoked) pass stays on the banner this long after the decision. */
export const ATTENTION_REFUSED_DAYS = 30;
