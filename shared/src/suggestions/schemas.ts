import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import { DateTime, Id, listOf, literals, Nullable, strict } from '../common/schemas.js';
import { SUGGESTION_CATEGORIES, SUGGESTION_DECISIONS, SUGGESTION_STATUSES, SUGGESTION_TARGETS } from './constants.js';

/** A literal union with its Chinese name (for validation messages). */
const titledLiterals = <T extends string>(values: readonly T[], title: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { title },
  ) as unknown as TUnion<TLiteral<T>[]>;

const StatusSchema = literals(SUGGESTION_STATUSES);
const TargetSchema = literals(SUGGESTION_TARGETS);

export const SuggestBody = strict({
  targetKind: titledLiterals(SUGGESTION_TARGETS, '建议对象类型'),
  targetId: Type.String({ format: 'uuid', title: '建议对象' }),
  title: Type.String({ minLength: 1, maxLength: 40, title: '标题' }),
  body: Type.String({ minLength: 1, maxLength: 1000, title: '建议内容' }),
  category: Type.Optional(titledLiterals(SUGGESTION_CATEGORIES, '类别')),
});
export type SuggestBody = Static<typeof SuggestBody>;

export const TargetQuery = strict({
  q: Type.Optional(Type.String({ maxLength: 20, title: '名称关键字' })),
});
export type TargetQuery = Static<typeof TargetQuery>;

export const SuggestionTargetItem = Type.Object({ kind: TargetSchema, id: Id, name: Type.String() });
export const SuggestionTargetList = listOf(SuggestionTargetItem);
export type SuggestionTargetList = Static<typeof SuggestionTargetList>;

/** What everyone sees: no names, no phones. */
const publicFields = {
  id: Id,
  targetKind: TargetSchema,
  targetName: Type.String(),
  title: Type.String(),
  body: Type.String(),
  category: Nullable(Type.String()),
  status: StatusSchema,
  reply: Nullable(Type.String()),
  repliedAt: Nullable(DateTime),
  decisionReason: Nullable(Type.String()),
  supportCount: Type.Integer(),
  createdAt: DateTime,
};

export const PublicSuggestion = Type.Object({
  ...publicFields,
  /** Whether the caller has already supported it (or wrote it). */
  supportedByMe: Type.Boolean(),
  mine: Type.Boolean(),
});
export type PublicSuggestion = Static<typeof PublicSuggestion>;
export const PublicSuggestionList = listOf(PublicSuggestion);
export type PublicSuggestionList = Static<typeof PublicSuggestionList>;

export const StaffSuggestion = Type.Object({
  ...publicFields,
  riderName: Type.String(),
});
export type StaffSuggestion = Static<typeof StaffSuggestion>;
export const StaffSuggestionList = listOf(StaffSuggestion);
export type StaffSuggestionList = Static<typeof StaffSuggestionList>;

export const ReplyBody = strict({
  reply: Type.String({ minLength: 1, maxLength: 500, title: '回复内容' }),
});
export type ReplyBody = Static<typeof ReplyBody>;

export const DecisionBody = strict({
  status: titledLiterals(SUGGESTION_DECISIONS, '处理结果'),
  reason: Type.Optional(Type.String({ maxLength: 300, title: '未采纳原因' })),
});
export type DecisionBody = Static<typeof DecisionBody>;

export const SupportResult = Type.Object({ supportCount: Type.Integer(), supportedByMe: Type.Boolean() });
export type SupportResult = Static<typeof SupportResult>;
