// 三方共建协议 (co-construction agreements): what the API takes and returns. TypeBox, server-side
// only; the mini-program imports the types.
import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, listOf, literals, Nullable, strict } from '../common/schemas.js';
import { AGREEMENT_PARTY_KINDS, APPROVAL_MODES, PLATFORMS } from './constants.js';

/** A calendar day (Beijing), YYYY-MM-DD. */
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const AgreementParty = Type.Object(
  {
    kind: literals(AGREEMENT_PARTY_KINDS),
    organisation: Type.String({ maxLength: 60 }),
    signatory: Type.String({ maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type AgreementParty = Static<typeof AgreementParty>;

export const Agreement = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  communityName: Type.String(),
  streetId: Type.String(),
  platform: Type.String(),
  stationName: Nullable(Type.String()),
  startsOn: Type.String(),
  endsOn: Nullable(Type.String()),
  approval: literals(APPROVAL_MODES),
  propertyCompany: Type.String(),
  parties: Type.Array(AgreementParty),
  endedAt: Nullable(DateTime),
  /** in_force today, not yet started (upcoming), past its end date (expired), or ended early. */
  state: literals(['in_force', 'upcoming', 'expired', 'ended'] as const),
  /** Approved or pending passes granted under it. */
  passes: Type.Integer(),
  updatedAt: DateTime,
});
export type Agreement = Static<typeof Agreement>;
export const AgreementList = listOf(Agreement);
export type AgreementList = Static<typeof AgreementList>;

export const AgreementQuery = strict({
  communityId: Type.Optional(Id),
  streetId: Type.Optional(Id),
  /** Ended and expired agreements too (default: only those in force or upcoming). */
  all: Type.Optional(Type.Boolean()),
});
export type AgreementQuery = Static<typeof AgreementQuery>;

export const AgreementCreateBody = strict({
  communityId: Id,
  platform: literals(PLATFORMS),
  /** Null or absent: every station of the platform. */
  stationName: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  startsOn: Day,
  endsOn: Type.Optional(Nullable(Day)),
  approval: literals(APPROVAL_MODES),
  /** Default: the community's property company. */
  propertyCompany: Type.Optional(Type.String({ maxLength: 60 })),
  parties: Type.Optional(Type.Array(AgreementParty, { maxItems: 8 })),
});
export type AgreementCreateBody = Static<typeof AgreementCreateBody>;

export const AgreementPatchBody = strict({
  platform: Type.Optional(literals(PLATFORMS)),
  stationName: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  startsOn: Type.Optional(Day),
  endsOn: Type.Optional(Nullable(Day)),
  approval: Type.Optional(literals(APPROVAL_MODES)),
  propertyCompany: Type.Optional(Type.String({ maxLength: 60 })),
  parties: Type.Optional(Type.Array(AgreementParty, { maxItems: 8 })),
});
export type AgreementPatchBody = Static<typeof AgreementPatchBody>;

/** POST /agreements/:id/end: ended from today; passes granted under it stop at once. */
export const AgreementEndBody = strict({ reason: Type.Optional(Type.String({ maxLength: 200 })) });
export type AgreementEndBody = Static<typeof AgreementEndBody>;

export const AgreementEndResult = Type.Object({
  agreement: Agreement,
  /** Passes that stopped with it (approved ones expired, pending ones closed). */
  passesStopped: Type.Integer(),
});
export type AgreementEndResult = Static<typeof AgreementEndResult>;
