import { Type, type Static } from '@sinclair/typebox';
import { DateTime, literals, Nullable, strict } from '../common/schemas.js';
import { CONSENT_SCOPES } from './constants.js';

const Scope = literals(CONSENT_SCOPES);

export const ConsentBody = strict({
  version: Type.String({ minLength: 1, maxLength: 40, title: '隐私指引版本' }),
  scopes: Type.Array(Scope, { minItems: 1, maxItems: CONSENT_SCOPES.length, uniqueItems: true, title: '同意的权限' }),
  channel: Type.Union([Type.Literal('weapp'), Type.Literal('h5')], { title: '使用渠道' }),
});
export type ConsentBody = Static<typeof ConsentBody>;

export const ConsentRecord = Type.Object({
  version: Type.String(),
  scopes: Type.Array(Scope),
  channel: Type.String(),
  acceptedAt: DateTime,
});
export type ConsentRecord = Static<typeof ConsentRecord>;

const DataKind = Type.Object({
  kind: Type.String(),
  title: Type.String(),
  /** What is kept, in plain Chinese. */
  what: Type.String(),
  /** For how long, from the configured retention (days where a number applies). */
  keptFor: Type.String(),
  retentionDays: Nullable(Type.Integer()),
  /** Who sees it, by role. */
  seenBy: Type.String(),
});

/** 我的 → 隐私: what is kept, for how long, who sees it, and the consent on record. */
export const PrivacyOverview = Type.Object({
  guideVersion: Type.String(),
  /** The latest acceptance on record, null when none. */
  consent: Nullable(ConsentRecord),
  /** True when the latest acceptance is not of the current guide version: ask again. */
  needsConsent: Type.Boolean(),
  history: Type.Array(ConsentRecord),
  data: Type.Array(DataKind),
});
export type PrivacyOverview = Static<typeof PrivacyOverview>;

export const DeleteAccountBody = strict({
  /** The word 注销 typed by the rider on the confirmation page. */
  confirm: Type.String({ minLength: 1, maxLength: 10, title: '确认词' }),
});
export type DeleteAccountBody = Static<typeof DeleteAccountBody>;

export const DeleteAccountResult = Type.Object({
  deleted: Type.Literal(true),
  pointsForfeited: Type.Integer(),
  vouchersCancelled: Type.Integer(),
  passesRevoked: Type.Integer(),
  reportsAnonymised: Type.Integer(),
});
export type DeleteAccountResult = Static<typeof DeleteAccountResult>;
