import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DateTime, Id, listOf, literals, Nullable, strict } from '../common/schemas.js';
import {
  CASE_ACTIONS,
  CASE_KINDS,
  CASE_OUTCOMES,
  CASE_STATES,
  COMMENT_MAX,
  CONTACT_PREFERENCES,
  DESCRIPTION_MAX,
  LEGAL_SUBSCRIBE_KINDS,
  NOTE_MAX,
  OTHER_PARTY_MAX,
  PLACE_MAX,
  REQUEST_MAX,
} from './constants.js';

/** A schema with the Chinese name validation messages use for it. */
const titled = <T extends TSchema>(schema: T, title: string): T => ({ ...schema, title });
const text = (title: string, maxLength: number, minLength = 0) => Type.String({ title, maxLength, minLength });

// ── requests ────────────────────────────────────────────────────────────────

export const OpenCaseBody = strict({
  kind: literals(CASE_KINDS),
  description: text('事情经过', DESCRIPTION_MAX, 1),
  otherParty: Type.Optional(text('对方当事人', OTHER_PARTY_MAX)),
  request: text('诉求', REQUEST_MAX, 1),
  contactPreference: titled(literals(CONTACT_PREFERENCES), '联系方式'),
  /** Default: the phone of the rider's registration. Kept in full, always answered masked. */
  contactPhone: Type.Optional(Type.String({ title: '联系电话', pattern: '^1[3-9][0-9]{9}$' })),
  /** Default: the district of the rider's passes, or the only district served. */
  districtId: Type.Optional(Type.String({ title: '调解中心所在区', format: 'uuid' })),
  /** Subscribe messages the rider agreed to (wx.requestSubscribeMessage) for this case. */
  subscriptions: Type.Optional(
    Type.Array(literals(LEGAL_SUBSCRIBE_KINDS), { title: '订阅消息', maxItems: 3, uniqueItems: true }),
  ),
});
export type OpenCaseBody = Static<typeof OpenCaseBody>;

export const ReferBody = strict({
  referredTo: text('转介去向', PLACE_MAX, 1),
  reason: text('转介理由', NOTE_MAX, 1),
});
export type ReferBody = Static<typeof ReferBody>;

export const AssignBody = strict({ mediatorId: Type.String({ title: '调解员', format: 'uuid' }) });
export type AssignBody = Static<typeof AssignBody>;

export const AppointmentBody = strict({
  at: Type.String({ title: '面谈时间', format: 'date-time' }),
  place: Type.Optional(text('面谈地点', PLACE_MAX)),
  stationId: Type.Optional(Type.String({ title: '驿站', format: 'uuid' })),
  note: Type.Optional(text('备注', NOTE_MAX)),
});
export type AppointmentBody = Static<typeof AppointmentBody>;

export const NoteBody = strict({ note: text('调处记录', NOTE_MAX, 1) });
export type NoteBody = Static<typeof NoteBody>;

export const CloseBody = strict({
  outcome: titled(literals(CASE_OUTCOMES), '办结结果'),
  note: text('办结说明', NOTE_MAX, 1),
});
export type CloseBody = Static<typeof CloseBody>;

export const RateBody = strict({
  rating: Type.Integer({ title: '评分', minimum: 1, maximum: 5 }),
  comment: Type.Optional(text('评价内容', COMMENT_MAX)),
});
export type RateBody = Static<typeof RateBody>;

export const ReopenBody = strict({ reason: text('重新申请的理由', NOTE_MAX, 1) });
export type ReopenBody = Static<typeof ReopenBody>;

export const InboxQuery = strict({
  group: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done')], { title: '分组' })),
});
export type InboxQuery = Static<typeof InboxQuery>;

export const FiguresQuery = strict({
  districtId: Type.Optional(Type.String({ title: '区', format: 'uuid' })),
});
export type FiguresQuery = Static<typeof FiguresQuery>;

// ── answers ─────────────────────────────────────────────────────────────────

export const CaseAttachment = Type.Object({
  id: Id,
  /** evidence: the rider's; document: the centre's. */
  kind: Type.Union([Type.Literal('evidence'), Type.Literal('document')]),
  /** Signed, short-lived (ATTACHMENT_URL_TTL_SECONDS). */
  url: Type.String(),
  thumbUrl: Type.String(),
  createdAt: DateTime,
});
export type CaseAttachment = Static<typeof CaseAttachment>;

export const CaseUpdate = Type.Object({
  id: Id,
  action: literals(CASE_ACTIONS),
  actorRole: Type.String(),
  /** A mediator's name; the rider is 我 / 当事人, never named to anyone else. */
  actorName: Nullable(Type.String()),
  fromState: Nullable(literals(CASE_STATES)),
  toState: literals(CASE_STATES),
  note: Type.String(),
  appointmentAt: Nullable(DateTime),
  appointmentPlace: Nullable(Type.String()),
  mediatorName: Nullable(Type.String()),
  outcome: Nullable(literals(CASE_OUTCOMES)),
  rating: Nullable(Type.Integer()),
  createdAt: DateTime,
});
export type CaseUpdate = Static<typeof CaseUpdate>;

/** A case in a list: no free text (what happened stays on the detail). */
export const CaseSummary = Type.Object({
  id: Id,
  kind: literals(CASE_KINDS),
  state: literals(CASE_STATES),
  districtName: Type.String(),
  mediatorName: Nullable(Type.String()),
  acceptDueAt: DateTime,
  closeDueAt: Nullable(DateTime),
  /** The deadline the case is past now: accept or close; null when on time or done. */
  overdue: Nullable(Type.Union([Type.Literal('accept'), Type.Literal('close')])),
  nextAppointmentAt: Nullable(DateTime),
  rating: Nullable(Type.Integer()),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseDetail = Type.Composite([
  CaseSummary,
  Type.Object({
    description: Type.String(),
    otherParty: Type.String(),
    request: Type.String(),
    contactPreference: literals(CONTACT_PREFERENCES),
    /** 138****5678: never the full number. */
    contactPhoneMasked: Nullable(Type.String()),
    /** The rider's name, masked (王**), for the centre; null for the rider's own view. */
    riderNameMasked: Nullable(Type.String()),
    referredTo: Nullable(Type.String()),
    outcome: Nullable(literals(CASE_OUTCOMES)),
    ratingComment: Nullable(Type.String()),
    closedAt: Nullable(DateTime),
    /** Until when the rider may reopen (closed cases only). */
    reopenUntil: Nullable(DateTime),
    attachments: Type.Array(CaseAttachment),
    updates: Type.Array(CaseUpdate),
    /** What the caller may do now (drives the buttons). */
    can: Type.Object({
      rate: Type.Boolean(),
      reopen: Type.Boolean(),
      attach: Type.Boolean(),
      accept: Type.Boolean(),
      refer: Type.Boolean(),
      assign: Type.Boolean(),
      appoint: Type.Boolean(),
      note: Type.Boolean(),
      close: Type.Boolean(),
    }),
  }),
]);
export type CaseDetail = Static<typeof CaseDetail>;

export const CaseList = listOf(CaseSummary);
export type CaseList = Static<typeof CaseList>;

export const OpenCaseResult = Type.Object({ replayed: Type.Boolean(), case: CaseDetail });
export type OpenCaseResult = Static<typeof OpenCaseResult>;

export const LegalOptions = Type.Object({
  districts: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  /** Where a case goes when the rider does not choose. */
  defaultDistrictId: Nullable(Id),
  /** The registration's phone, masked, used when no other is given. */
  phoneMasked: Nullable(Type.String()),
});
export type LegalOptions = Static<typeof LegalOptions>;

export const StaffResources = Type.Object({
  mediators: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  /** Stations of the district with a 法律咨询 room (amenity legal_advice). */
  stations: Type.Array(Type.Object({ id: Id, name: Type.String(), address: Type.String() })),
});
export type StaffResources = Static<typeof StaffResources>;

/** Counts and times only: never a name or a word of any case. */
export const LegalFigures = Type.Object({
  districtId: Id,
  total: Type.Integer(),
  open: Type.Integer(),
  overdue: Type.Integer(),
  byKind: Type.Array(Type.Object({ kind: literals(CASE_KINDS), count: Type.Integer() })),
  byState: Type.Array(Type.Object({ state: literals(CASE_STATES), count: Type.Integer() })),
  /** Median minutes from submission to 受理 / 转介; null without any. */
  medianAcceptMinutes: Nullable(Type.Number()),
  /** Median hours from submission to 办结; null without any. */
  medianCloseHours: Nullable(Type.Number()),
  ratingCount: Type.Integer(),
  ratingAverage: Nullable(Type.Number()),
});
export type LegalFigures = Static<typeof LegalFigures>;
