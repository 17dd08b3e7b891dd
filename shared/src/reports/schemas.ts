import { Type, type Static } from '@sinclair/typebox';
import { DESCRIPTION_MAX, REJECT_REASONS, REPORT_STATES, STAFF_REPORT_ACTIONS } from './constants.js';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const ReportStateSchema = lit(REPORT_STATES);

export const ReportCategory = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  icon: Type.String(),
  acceptWithinMinutes: Type.Integer(),
  fixWithinHours: Type.Integer(),
});
export type ReportCategory = Static<typeof ReportCategory>;
export const ReportCategoryList = Type.Object({ items: Type.Array(ReportCategory) });

export const ReportPhoto = Type.Object({
  id: Type.String(),
  /** Signed, short-lived URLs (an <Image> cannot send the Authorization header). */
  url: Type.String(),
  thumbUrl: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
});
export type ReportPhoto = Static<typeof ReportPhoto>;

export const ReportUpdate = Type.Object({
  id: Type.String(),
  action: Type.String(),
  actorRole: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  note: Type.String(),
  teamName: Nullable(Type.String()),
  photos: Type.Array(ReportPhoto),
  createdAt: DateTime,
});
export type ReportUpdate = Static<typeof ReportUpdate>;

export const Report = Type.Object(
  {
    id: Type.String(),
    category: Type.Object({ code: Type.String(), name: Type.String(), icon: Type.String() }),
    description: Type.String(),
    /** GCJ-02. */
    lat: Type.Number(),
    lng: Type.Number(),
    accuracyM: Type.Union([Type.Number(), Type.Null()]),
    streetId: Nullable(Type.String()),
    streetName: Nullable(Type.String()),
    teamId: Nullable(Type.String()),
    teamName: Nullable(Type.String()),
    state: ReportStateSchema,
    rejectReason: Nullable(Type.String()),
    duplicateOfId: Nullable(Type.String()),
    confirmations: Type.Integer(),
    /** Staff only: the reporter's display name. Never present for the public or other riders. */
    reporterName: Type.Optional(Type.String()),
    mine: Type.Boolean(),
    overdue: Type.Boolean(),
    photos: Type.Array(ReportPhoto),
    createdAt: DateTime,
    acceptDueAt: DateTime,
    fixDueAt: DateTime,
    acceptedAt: Nullable(DateTime),
    dispatchedAt: Nullable(DateTime),
    onSiteAt: Nullable(DateTime),
    fixedAt: Nullable(DateTime),
    closedAt: Nullable(DateTime),
  },
  { $id: 'Report' },
);
export type Report = Static<typeof Report>;

export const ReportDetail = Type.Intersect([Type.Ref('Report'), Type.Object({ updates: Type.Array(ReportUpdate) })], {
  $id: 'ReportDetail',
});
export type ReportDetail = Report & { updates: ReportUpdate[] };

export const ReportList = Type.Object({ items: Type.Array(Type.Ref('Report')) });
export type ReportList = { items: Report[] };

export const SubmitResult = Type.Object({ replayed: Type.Boolean(), report: Type.Ref('ReportDetail') });
export type SubmitResult = { replayed: boolean; report: ReportDetail };

export const NearbyReportsQuery = Type.Object(
  {
    category: Type.String({ minLength: 1, maxLength: 32 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    coordSystem: Type.Optional(lit(['gcj02', 'wgs84'] as const)),
  },
  { additionalProperties: false },
);
export type NearbyReportsQuery = Static<typeof NearbyReportsQuery>;

export const NearbyReport = Type.Object({
  id: Type.String(),
  category: Type.Object({ code: Type.String(), name: Type.String(), icon: Type.String() }),
  description: Type.String(),
  state: ReportStateSchema,
  distanceM: Type.Number(),
  confirmations: Type.Integer(),
  createdAt: DateTime,
  thumbUrl: Nullable(Type.String()),
});
export type NearbyReport = Static<typeof NearbyReport>;
export const NearbyList = Type.Object({ items: Type.Array(NearbyReport) });
export type NearbyList = Static<typeof NearbyList>;

export const StaffActionBody = Type.Object(
  {
    action: lit(STAFF_REPORT_ACTIONS.filter((a) => a !== 'fix')),
    reason: Type.Optional(lit(REJECT_REASONS)),
    note: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
    teamId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type StaffActionBody = Static<typeof StaffActionBody>;

export const ReopenBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: DESCRIPTION_MAX }) },
  { additionalProperties: false },
);
export const MergeBody = Type.Object({ intoId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const QueueQuery = Type.Object(
  {
    group: Type.Optional(lit(['open', 'fixed', 'closed', 'all'] as const)),
    overdue: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type QueueQuery = Static<typeof QueueQuery>;

export const FiguresQuery = Type.Object(
  { streetId: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);

export const Figures = Type.Object({
  scope: Type.Object({ kind: lit(['street', 'district'] as const), id: Type.String(), name: Type.String() }),
  total: Type.Integer(),
  byState: Type.Record(Type.String(), Type.Integer()),
  byCategory: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() })),
  /** Medians in minutes from submission; null until at least one report reached that step. */
  medianMinutes: Type.Object({
    toAccept: Type.Union([Type.Number(), Type.Null()]),
    toOnSite: Type.Union([Type.Number(), Type.Null()]),
    toFix: Type.Union([Type.Number(), Type.Null()]),
  }),
  overdue: Type.Array(Type.Ref('Report')),
});
export type Figures = Omit<Static<typeof Figures>, 'overdue'> & { overdue: Report[] };

export const Team = Type.Object({ id: Type.String(), name: Type.String(), streetId: Nullable(Type.String()) });
export const TeamList = Type.Object({ items: Type.Array(Team) });
export type Team = Static<typeof Team>;

export const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  reportId: Nullable(Type.String()),
  read: Type.Boolean(),
  createdAt: DateTime,
});
export type Notification = Static<typeof Notification>;
export const NotificationList = Type.Object({ items: Type.Array(Notification), unread: Type.Integer() });
export type NotificationList = Static<typeof NotificationList>;
