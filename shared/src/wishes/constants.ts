// 微心愿 wishes: client-safe constants (no imports).

/** Where a wish goes: a community (reviewed by its admin or its street) or a street. */
export const WISH_TARGETS = ['community', 'street'] as const;
export type WishTarget = (typeof WISH_TARGETS)[number];

export const WISH_TARGET_LABELS: Record<WishTarget, string> = {
  community: '社区',
  street: '街道',
};

export const WISH_CATEGORIES = ['生活用品', '学习进修', '子女教育', '健康关爱', '其他'] as const;
export type WishCategory = (typeof WISH_CATEGORIES)[number];

/** submitted → approved → adopted → fulfilled → received; or submitted → rejected. */
export const WISH_STATUSES = ['submitted', 'approved', 'rejected', 'adopted', 'fulfilled', 'received'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];

export const WISH_STATUS_LABELS: Record<WishStatus, string> = {
  submitted: '待审核',
  approved: '已上墙',
  rejected: '未通过',
  adopted: '已认领',
  fulfilled: '已实现',
  received: '已收到',
};

/** What the public wall shows (no personal details). */
export const WISH_WALL_STATUSES = ['approved', 'adopted', 'fulfilled', 'received'] as const;

/** The review decision: 通过 (published on the wall) or 不通过 (with a reason). */
export const WISH_REVIEW_DECISIONS = ['approved', 'rejected'] as const;
export type WishReviewDecision = (typeof WISH_REVIEW_DECISIONS)[number];

/** A step as the timeline names it (what happened, not the state it left). */
export const WISH_STEP_LABELS: Record<WishStatus, string> = {
  submitted: '提交心愿',
  approved: '审核通过，已上墙',
  rejected: '审核未通过',
  adopted: '已被认领',
  fulfilled: '心愿已实现',
  received: '已确认收到',
};
