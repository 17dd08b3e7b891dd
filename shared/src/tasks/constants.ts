// 随手帮 volunteer tasks: client-safe constants (no imports).

/** What a task is for; the posting form offers these. */
export const TASK_KINDS = ['送药', '代购', '送餐助老', '义剪', '其他'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** open: riders may claim free slots; cancelled: withdrawn by its poster. */
export const TASK_STATUSES = ['open', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * A claim's life: active (the rider holds a slot and sees the exact address) → done (the rider
 * reported it done) → confirmed (the poster confirmed: points). active → abandoned (by the rider)
 * or expired (not done by the window's end + grace): the slot is free again. active → cancelled
 * when the poster cancels the task.
 */
export const CLAIM_STATUSES = ['active', 'done', 'confirmed', 'abandoned', 'expired', 'cancelled'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Claims that hold a slot. */
export const SLOT_HOLDING: readonly ClaimStatus[] = ['active', 'done', 'confirmed'];

export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  active: '进行中',
  done: '待确认',
  confirmed: '已确认',
  abandoned: '已放弃',
  expired: '已超时',
  cancelled: '任务已取消',
};

/** The 随手帮 rule's points (task_completed): a task may offer at most this many. */
export const TASK_MAX_POINTS = 20;
export const TASK_MAX_SLOTS = 50;
/** An active claim not done this many hours after the task's window ends expires. */
export const TASK_CLAIM_GRACE_HOURS = 2;
