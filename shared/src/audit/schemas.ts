import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, Nullable, strict } from '../common/schemas.js';

const NullableString = Nullable(Type.String());

/**
 * Filters of the audit page and its CSV. `from` / `to` are a day (YYYY-MM-DD, Beijing: `to` takes
 * the whole day) or an instant; `action` is one action (`pass.approve`) or a family (`pass`).
 */
export const AuditQuery = strict({
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  action: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}(\\.[a-z_]{1,40})?$' })),
  /** The acting account. */
  actorId: Type.Optional(Id),
  /** Part of the acting account's name. */
  actor: Type.Optional(Type.String({ maxLength: 40 })),
  targetKind: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type AuditQuery = Static<typeof AuditQuery>;

/** One changed field: its value before and after (absent on one side = null). */
export const AuditChange = Type.Object({
  field: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type AuditChange = Static<typeof AuditChange>;

export const AuditEntryView = Type.Object({
  id: Id,
  at: DateTime,
  actorId: Nullable(Id),
  actorRole: Type.String(),
  actorName: Type.String(),
  action: Type.String(),
  targetKind: Type.String(),
  targetId: Type.String(),
  districtName: NullableString,
  streetName: NullableString,
  communityName: NullableString,
  merchantName: NullableString,
  before: Type.Unknown(),
  after: Type.Unknown(),
  /** The fields whose value differs between before and after. */
  changes: Type.Array(AuditChange),
});
export type AuditEntryView = Static<typeof AuditEntryView>;

export const AuditList = Type.Object({ items: Type.Array(AuditEntryView), nextCursor: NullableString });
export type AuditList = Static<typeof AuditList>;
