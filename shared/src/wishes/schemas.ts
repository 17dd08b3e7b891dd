import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import { DateTime, Id, listOf, literals, Nullable, strict } from '../common/schemas.js';
import { WISH_CATEGORIES, WISH_REVIEW_DECISIONS, WISH_STATUSES, WISH_TARGETS } from './constants.js';

/** A signed, short-lived link to a photo (display size and thumbnail). */
export const PhotoLinks = Type.Object({ url: Type.String(), thumbUrl: Type.String() });
export type PhotoLinks = Static<typeof PhotoLinks>;

/** A literal union with its Chinese name (for validation messages). */
const titledLiterals = <T extends string>(values: readonly T[], title: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { title },
  ) as unknown as TUnion<TLiteral<T>[]>;

const StatusSchema = literals(WISH_STATUSES);
const TargetSchema = literals(WISH_TARGETS);

export const WishBody = strict({
  targetKind: titledLiterals(WISH_TARGETS, '心愿提交对象类型'),
  targetId: Type.String({ format: 'uuid', title: '心愿提交对象' }),
  category: titledLiterals(WISH_CATEGORIES, '心愿类别'),
  body: Type.String({ minLength: 1, maxLength: 300, title: '心愿内容' }),
});
export type WishBody = Static<typeof WishBody>;

export const WishTargetQuery = strict({
  q: Type.Optional(Type.String({ maxLength: 20, title: '名称关键字' })),
});
export type WishTargetQuery = Static<typeof WishTargetQuery>;

export const WishTargetItem = Type.Object({ kind: TargetSchema, id: Id, name: Type.String() });
export const WishTargetList = listOf(WishTargetItem);
export type WishTargetList = Static<typeof WishTargetList>;

/** What the public wall shows: no names, phones or rider ids. */
const wallFields = {
  id: Id,
  targetKind: TargetSchema,
  targetName: Type.String(),
  category: Type.String(),
  body: Type.String(),
  status: StatusSchema,
  adopterName: Nullable(Type.String()),
  createdAt: DateTime,
  /** The fulfilment photo, on the wall only when staff marked it fit for the public. */
  fulfilPhoto: Nullable(PhotoLinks),
};

export const WallWish = Type.Object(wallFields);
export type WallWish = Static<typeof WallWish>;
export const WallWishList = listOf(WallWish);
export type WallWishList = Static<typeof WallWishList>;

export const WishStep = Type.Object({
  step: StatusSchema,
  note: Nullable(Type.String()),
  at: DateTime,
});
export type WishStep = Static<typeof WishStep>;

/** The rider's own wish, or the staff's view of it: every step with its time. */
const detailFields = {
  ...wallFields,
  rejectReason: Nullable(Type.String()),
  fulfilNote: Nullable(Type.String()),
  /** The rider's own photo with the wish: the rider and the scope's staff only, never the wall. */
  photo: Nullable(PhotoLinks),
  fulfilPhotoPublic: Type.Boolean(),
  steps: Type.Array(WishStep),
};

export const MyWish = Type.Object(detailFields);
export type MyWish = Static<typeof MyWish>;
export const MyWishList = listOf(MyWish);
export type MyWishList = Static<typeof MyWishList>;

/** Staff see the rider's name and phone masked. */
export const StaffWish = Type.Object({
  ...detailFields,
  riderNameMasked: Type.String(),
  phoneMasked: Type.String(),
});
export type StaffWish = Static<typeof StaffWish>;
export const StaffWishList = listOf(StaffWish);
export type StaffWishList = Static<typeof StaffWishList>;

export const WishReviewBody = strict({
  decision: titledLiterals(WISH_REVIEW_DECISIONS, '审核结果'),
  reason: Type.Optional(Type.String({ maxLength: 200, title: '不通过原因' })),
});
export type WishReviewBody = Static<typeof WishReviewBody>;

export const WishAdoptBody = strict({
  adopterName: Type.String({ minLength: 1, maxLength: 40, title: '认领人或单位' }),
});
export type WishAdoptBody = Static<typeof WishAdoptBody>;

export const WishFulfilBody = strict({
  note: Type.String({ minLength: 1, maxLength: 300, title: '实现说明' }),
});
export type WishFulfilBody = Static<typeof WishFulfilBody>;

/** The text fields of 已实现 with a photo (multipart: `photo` file, `note`, `public`). */
export const WishFulfilPhotoFields = strict({
  note: Type.String({ minLength: 1, maxLength: 300, title: '实现说明' }),
  public: Type.Optional(Type.Boolean({ title: '照片可公开到心愿墙' })),
});
export type WishFulfilPhotoFields = Static<typeof WishFulfilPhotoFields>;
