import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import { DateTime, Id, listOf, literals, Nullable, strict } from '../common/schemas.js';
import { CLAIM_STATUSES, TASK_KINDS, TASK_MAX_SLOTS, TASK_STATUSES } from './constants.js';

/** A literal union with its Chinese name (for validation messages). */
const titledLiterals = <T extends string>(values: readonly T[], title: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { title },
  ) as unknown as TUnion<TLiteral<T>[]>;

const KindSchema = literals(TASK_KINDS);
const ClaimStatusSchema = literals(CLAIM_STATUSES);

// ---- staff: post a task ----

/** Points are checked by the use case (a Chinese message naming the rule's most), not only here. */
export const PostTaskBody = strict({
  kind: titledLiterals(TASK_KINDS, '任务类型'),
  title: Type.String({ minLength: 1, maxLength: 40, title: '任务内容' }),
  description: Type.Optional(Type.String({ maxLength: 500, title: '任务说明' })),
  area: Type.String({ minLength: 1, maxLength: 80, title: '公开地点' }),
  privateAddress: Type.String({ minLength: 1, maxLength: 120, title: '详细地址' }),
  communityId: Type.Optional(Type.String({ format: 'uuid', title: '社区' })),
  streetId: Type.Optional(Type.String({ format: 'uuid', title: '街道' })),
  startsAt: Type.String({ format: 'date-time', title: '开始时间' }),
  endsAt: Type.String({ format: 'date-time', title: '结束时间' }),
  slots: Type.Integer({ minimum: 1, maximum: TASK_MAX_SLOTS, title: '人数' }),
  points: Type.Integer({ minimum: 0, maximum: 1000, title: '积分' }),
});
export type PostTaskBody = Static<typeof PostTaskBody>;

/** A task as every rider sees it: no exact address. */
const publicTaskFields = {
  id: Id,
  kind: KindSchema,
  title: Type.String(),
  description: Type.String(),
  area: Type.String(),
  placeName: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  slots: Type.Integer(),
  slotsTaken: Type.Integer(),
  points: Type.Integer(),
  status: literals(TASK_STATUSES),
  cancelReason: Nullable(Type.String()),
};

export const TaskSummary = Type.Object(publicTaskFields);
export type TaskSummary = Static<typeof TaskSummary>;
export const TaskList = listOf(TaskSummary);
export type TaskList = Static<typeof TaskList>;

/** A signed, short-lived link to a photo (display size and thumbnail). */
export const PhotoLinks = Type.Object({ url: Type.String(), thumbUrl: Type.String() });
export type PhotoLinks = Static<typeof PhotoLinks>;

export const MyClaim = Type.Object({
  id: Id,
  status: ClaimStatusSchema,
  note: Nullable(Type.String()),
  photo: Nullable(PhotoLinks),
  claimedAt: DateTime,
  doneAt: Nullable(DateTime),
  confirmedAt: Nullable(DateTime),
  points: Nullable(Type.Integer()),
});
export type MyClaim = Static<typeof MyClaim>;

/** The rider's view: the exact address only while the rider holds an active claim. */
export const RiderTask = Type.Object({
  ...publicTaskFields,
  privateAddress: Nullable(Type.String()),
  myClaim: Nullable(MyClaim),
});
export type RiderTask = Static<typeof RiderTask>;

export const MyTaskList = listOf(Type.Object({ task: TaskSummary, claim: MyClaim }));
export type MyTaskList = Static<typeof MyTaskList>;

export const DoneBody = strict({
  note: Type.String({ minLength: 1, maxLength: 300, title: '完成说明' }),
});
export type DoneBody = Static<typeof DoneBody>;

/** The text fields of 完成 with a photo (multipart: `photo` file, optional `note`). */
export const DonePhotoFields = strict({
  note: Type.Optional(Type.String({ maxLength: 300, title: '完成说明' })),
});

/** 修改: any of the post's fields but the place; claimants are told of a new time or place. */
export const EditTaskBody = strict({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 40, title: '任务内容' })),
  description: Type.Optional(Type.String({ maxLength: 500, title: '任务说明' })),
  area: Type.Optional(Type.String({ minLength: 1, maxLength: 80, title: '公开地点' })),
  privateAddress: Type.Optional(Type.String({ minLength: 1, maxLength: 120, title: '详细地址' })),
  startsAt: Type.Optional(Type.String({ format: 'date-time', title: '开始时间' })),
  endsAt: Type.Optional(Type.String({ format: 'date-time', title: '结束时间' })),
  slots: Type.Optional(Type.Integer({ minimum: 1, maximum: TASK_MAX_SLOTS, title: '人数' })),
});
export type EditTaskBody = Static<typeof EditTaskBody>;

export const CancelTaskBody = strict({
  reason: Type.String({ minLength: 1, maxLength: 200, title: '取消原因' }),
});
export type CancelTaskBody = Static<typeof CancelTaskBody>;

// ---- staff views ----

export const StaffClaim = Type.Object({
  id: Id,
  riderName: Type.String(),
  phoneMasked: Type.String(),
  status: ClaimStatusSchema,
  note: Nullable(Type.String()),
  photo: Nullable(PhotoLinks),
  claimedAt: DateTime,
  doneAt: Nullable(DateTime),
  confirmedAt: Nullable(DateTime),
  points: Nullable(Type.Integer()),
});
export type StaffClaim = Static<typeof StaffClaim>;

export const StaffTask = Type.Object({
  ...publicTaskFields,
  privateAddress: Type.String(),
  claims: Type.Array(StaffClaim),
});
export type StaffTask = Static<typeof StaffTask>;

export const StaffTaskList = listOf(Type.Object({ ...publicTaskFields, waitingConfirm: Type.Integer() }));
export type StaffTaskList = Static<typeof StaffTaskList>;

export const ConfirmResult = Type.Object({
  claim: StaffClaim,
  /** What the ledger did: credited, duplicate (already confirmed), capped, rule_off, account_deleted. */
  credit: Type.String(),
});
export type ConfirmResult = Static<typeof ConfirmResult>;
