import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, listOf, literals, Nullable, strict } from '../common/schemas.js';
import {
  ACTIVITY_KINDS,
  ACTIVITY_LIMITS,
  ACTIVITY_SUBSCRIPTIONS,
  CHECKIN_METHODS,
  SIGNUP_STATUSES,
} from './constants.js';

const Kind = literals(ACTIVITY_KINDS);
const SignupStatusSchema = literals(SIGNUP_STATUSES);

export const SessionInput = strict({
  startsAt: DateTime,
  endsAt: DateTime,
});

/** Where: a 驿站 (its position and address are copied), or a position with an address. */
export const PlaceInput = Type.Union([
  strict({ stationId: Id }),
  strict({
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'GCJ-02' }),
    lng: Type.Number({ minimum: -180, maximum: 180, description: 'GCJ-02' }),
    address: Type.String({ minLength: 1, maxLength: ACTIVITY_LIMITS.addressMax }),
  }),
]);

const editable = {
  title: Type.String({ minLength: 1, maxLength: ACTIVITY_LIMITS.titleMax }),
  kind: Kind,
  description: Type.String({ maxLength: ACTIVITY_LIMITS.descriptionMax, default: '' }),
  capacity: Type.Integer({ minimum: 1, maximum: ACTIVITY_LIMITS.capacityMax }),
  /** Default: now. */
  signupOpensAt: Type.Optional(Nullable(DateTime)),
  /** Default: the first session's start. */
  signupClosesAt: Type.Optional(Nullable(DateTime)),
  audience: Type.String({ maxLength: ACTIVITY_LIMITS.audienceMax, default: '' }),
};

export const CreateActivityBody = strict({
  ...editable,
  place: PlaceInput,
  /** The organiser's level: a community, else a street, else a district (default: the caller's first). */
  communityId: Type.Optional(Id),
  streetId: Type.Optional(Id),
  districtId: Type.Optional(Id),
  sessions: Type.Array(SessionInput, { minItems: 1, maxItems: ACTIVITY_LIMITS.sessionsMax }),
});
export type CreateActivityBody = Static<typeof CreateActivityBody>;

export const UpdateActivityBody = strict({
  title: Type.Optional(editable.title),
  kind: Type.Optional(Kind),
  description: Type.Optional(Type.String({ maxLength: ACTIVITY_LIMITS.descriptionMax })),
  capacity: Type.Optional(editable.capacity),
  signupOpensAt: Type.Optional(Nullable(DateTime)),
  signupClosesAt: Type.Optional(Nullable(DateTime)),
  audience: Type.Optional(Type.String({ maxLength: ACTIVITY_LIMITS.audienceMax })),
  place: Type.Optional(PlaceInput),
  /** Replaces the sessions; refused once anyone has checked in. */
  sessions: Type.Optional(Type.Array(SessionInput, { minItems: 1, maxItems: ACTIVITY_LIMITS.sessionsMax })),
});
export type UpdateActivityBody = Static<typeof UpdateActivityBody>;

export const Session = Type.Object({
  id: Id,
  seq: Type.Integer(),
  startsAt: DateTime,
  endsAt: DateTime,
});
export type Session = Static<typeof Session>;

export const MySignup = Type.Object({
  status: SignupStatusSchema,
  /** 1-based place on the waiting list; null unless waiting. */
  position: Nullable(Type.Integer()),
  /** Sessions the rider has checked in to. */
  attended: Type.Integer(),
});
export type MySignup = Static<typeof MySignup>;

export const Activity = Type.Object({
  id: Id,
  title: Type.String(),
  kind: Kind,
  description: Type.String(),
  address: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  stationId: Nullable(Id),
  stationName: Nullable(Type.String()),
  /** Who organises it: the community, street or district's name. */
  organiser: Type.String(),
  capacity: Type.Integer(),
  confirmed: Type.Integer(),
  waiting: Type.Integer(),
  signupOpensAt: DateTime,
  signupClosesAt: DateTime,
  audience: Type.String(),
  sessions: Type.Array(Session),
  startsAt: DateTime,
  endsAt: DateTime,
  /** 已取消: set when the organiser called it off (no sign-up, no check-in). */
  cancelledAt: Nullable(DateTime),
  cancelReason: Nullable(Type.String()),
  distanceM: Nullable(Type.Number()),
  mine: Nullable(MySignup),
});
export type Activity = Static<typeof Activity>;
export const ActivityList = listOf(Activity);
export type ActivityList = Static<typeof ActivityList>;

export const ActivityQuery = strict({
  kind: Type.Optional(Kind),
  /** Only what has a session between now and the end of this week (Sunday, Beijing time). */
  thisWeek: Type.Optional(Type.Boolean()),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  radiusM: Type.Optional(Type.Integer({ minimum: 100, maximum: 50_000 })),
});
export type ActivityQuery = Static<typeof ActivityQuery>;

export const SignupResult = MySignup;

/** 报名: the subscribe messages the rider agreed to in the sign-up tap (WeChat only). */
export const SignupBody = strict({
  subscriptions: Type.Optional(Type.Array(literals(ACTIVITY_SUBSCRIPTIONS), { maxItems: 3 })),
});
export type SignupBody = Static<typeof SignupBody>;

/** 取消活动: every confirmed and waiting rider is told, with the reason. */
export const CancelActivityBody = strict({
  reason: Type.String({ minLength: 1, maxLength: ACTIVITY_LIMITS.cancelReasonMax }),
});
export type CancelActivityBody = Static<typeof CancelActivityBody>;

export const CheckinBody = strict({
  code: Type.String({ minLength: 1, maxLength: 400 }),
});
export type CheckinBody = Static<typeof CheckinBody>;

export const CheckinResult = Type.Object({
  activityId: Id,
  title: Type.String(),
  sessionSeq: Type.Integer(),
  riderName: Type.String(),
  /** False when the rider had already checked in to this session (nothing credited again). */
  firstTime: Type.Boolean(),
  points: Type.Integer(),
});
export type CheckinResult = Static<typeof CheckinResult>;

export const ActivityCode = Type.Object({
  sessionId: Id,
  /** What the QR holds. */
  code: Type.String(),
  /** The short form a rider types. */
  digits: Type.String(),
  qrDataUrl: Type.String(),
  expiresAt: DateTime,
  refreshInSeconds: Type.Integer(),
});
export type ActivityCode = Static<typeof ActivityCode>;

export const RosterRow = Type.Object({
  riderId: Id,
  name: Type.String(),
  /** 尾号1234, never the full number. */
  phoneMasked: Type.String(),
  status: SignupStatusSchema,
  position: Nullable(Type.Integer()),
  signedUpAt: DateTime,
  /** Session numbers (seq) attended. */
  attended: Type.Array(Type.Integer()),
  /** Sessions over, confirmed and not checked in. */
  noShows: Type.Integer(),
});
export type RosterRow = Static<typeof RosterRow>;

export const Roster = Type.Object({
  activity: Activity,
  rows: Type.Array(RosterRow),
  checkins: Type.Array(Type.Object({ sessionSeq: Type.Integer(), count: Type.Integer() })),
});
export type Roster = Static<typeof Roster>;

export const StaffActivityList = listOf(Activity);

/** A 驿站 an organiser may hold an activity at (选择驿站). */
export const ActivityStation = Type.Object({
  id: Id,
  name: Type.String(),
  address: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
});
export type ActivityStation = Static<typeof ActivityStation>;
export const ActivityStationList = listOf(ActivityStation);
export type ActivityStationList = Static<typeof ActivityStationList>;

export const StationSearchQuery = strict({
  /** Name or address contains. */
  q: Type.Optional(Type.String({ maxLength: 50 })),
});

export const StaffListQuery = strict({
  /** Also those whose last session is over. */
  past: Type.Optional(Type.Boolean()),
});

export const CheckinMethodSchema = literals(CHECKIN_METHODS);

export const CertificateQuery = strict({
  code: Type.String({ minLength: 1, maxLength: 200 }),
});

export const CertificateCheck = Type.Object({
  valid: Type.Boolean(),
  name: Type.String(),
  title: Type.String(),
  organiser: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  sessions: Type.Integer(),
});
export type CertificateCheck = Static<typeof CertificateCheck>;
