import { Type, type Static } from '@sinclair/typebox';
import { literals, Nullable } from '../common/schemas.js';
import { ATTENTION_KINDS } from './constants.js';

export const AttentionItem = Type.Object({
  kind: literals(ATTENTION_KINDS),
  count: Type.Integer({ minimum: 1 }),
  /** What the banner says, in Chinese. */
  title: Type.String(),
  /** The one record to open when there is exactly one (a fixed report), else null. */
  targetId: Nullable(Type.String()),
});
export type AttentionItem = Static<typeof AttentionItem>;

/** GET /api/v1/me/attention: what needs the caller's action, and the unread count for the badge. */
export const Attention = Type.Object({ items: Type.Array(AttentionItem), unread: Type.Integer({ minimum: 0 }) });
export type Attention = Static<typeof Attention>;
