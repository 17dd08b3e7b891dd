import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, literals, Nullable } from '../common/schemas.js';
import { Open311AttributeDef } from '../open311/schemas.js';
import {
  CATEGORY_ICONS,
  CATEGORY_NAME_MAX,
  CATEGORY_SLA_LIMITS,
  CITY_FORWARD_REASONS,
  CITY_FORWARD_STATES,
  DESCRIPTION_MAX,
  REJECT_REASONS,
  REPORT_DEADLINES,
  REPORT_MAP_LIMITS,
  REPORT_SOURCES,
  REPORT_STATES,
  STAFF_REPORT_ACTIONS,
  TEAM_NAME_MAX,
} from './constants.js';

export const ReportStateSchema = literals(REPORT_STATES);

export const ReportCategory = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  icon: Type.String(),
  acceptWithinMinutes: Type.Integer(),
  fixWithinHours: Type.Integer(),
  onSiteWithinMinutes: Type.Integer(),
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
    accuracyM: Nullable(Type.Number()),
    streetId: Nullable(Type.String()),
    streetName: Nullable(Type.String()),
    teamId: Nullable(Type.String()),
    teamName: Nullable(Type.String()),
    /** The crew member the dispatch named (null = the whole team). */
    assigneeId: Nullable(Type.String()),
    assigneeName: Nullable(Type.String()),
    /** Where it is, in words: the street and the nearest community (for crews going there). */
    place: Type.String(),
    state: ReportStateSchema,
    rejectReason: Nullable(Type.String()),
    duplicateOfId: Nullable(Type.String()),
    confirmations: Type.Integer(),
    /** app = a rider in the mini-program; open311 = a partner system (来自合作方, earns no points). */
    source: literals(REPORT_SOURCES),
    /**
     * Staff only: who reported it, masked (王**（尾号 6621）: the name's first character, the
     * phone's last four). Never present for the public, other riders or crews.
     */
    reporterName: Type.Optional(Type.String()),
    /** The caller filed it (a rider cannot 我也遇到 their own report). */
    mine: Type.Boolean(),
    overdue: Type.Boolean(),
    /** Which deadline it has missed (accept, on_site, fix), null if none. */
    overdueDeadline: Nullable(literals(REPORT_DEADLINES)),
    photos: Type.Array(ReportPhoto),
    /** A partner's own photo link (Open311 `media_url`): shown as a link, never fetched. */
    mediaUrl: Type.Optional(Nullable(Type.String())),
    /** The first photo's signed thumbnail (lists show it), null when the report has none. */
    thumbUrl: Nullable(Type.String()),
    createdAt: DateTime,
    acceptDueAt: DateTime,
    fixDueAt: DateTime,
    /** Set at dispatch: the crew should be on site by then. */
    onSiteDueAt: Nullable(DateTime),
    acceptedAt: Nullable(DateTime),
    dispatchedAt: Nullable(DateTime),
    onSiteAt: Nullable(DateTime),
    fixedAt: Nullable(DateTime),
    closedAt: Nullable(DateTime),
  },
  { $id: 'Report' },
);
export type Report = Static<typeof Report>;

/** 转交12345: the report's forward to the city's Open311 endpoint (reports/city/). */
export const CityForward = Type.Object({
  state: literals(CITY_FORWARD_STATES),
  reason: literals(CITY_FORWARD_REASONS),
  /** The city's id of the request (工单号), once it has one. */
  serviceRequestId: Nullable(Type.String()),
  /** The city's status as last polled (open | closed) and its status_notes. */
  cityStatus: Nullable(Type.String()),
  cityStatusNotes: Nullable(Type.String()),
  forwardedAt: Nullable(DateTime),
  /** Staff only: attempts so far and the last failure. */
  attempts: Type.Optional(Type.Integer()),
  lastError: Type.Optional(Nullable(Type.String())),
});
export type CityForward = Static<typeof CityForward>;

export const CityForwardBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })) },
  { additionalProperties: false },
);

export const ReportDetail = Type.Intersect(
  [
    Type.Ref('Report'),
    Type.Object({
      updates: Type.Array(ReportUpdate),
      cityForward: Type.Optional(Nullable(CityForward)),
      /** Staff only: 转交12345 is possible now (configured, open, not forwarded yet). */
      canForwardToCity: Type.Optional(Type.Boolean()),
    }),
  ],
  { $id: 'ReportDetail' },
);
export type ReportDetail = Report & {
  updates: ReportUpdate[];
  cityForward?: CityForward | null;
  canForwardToCity?: boolean;
};

export const ReportList = Type.Object({ items: Type.Array(Type.Ref('Report')) });
export type ReportList = { items: Report[] };

export const SubmitResult = Type.Object({ replayed: Type.Boolean(), report: Type.Ref('ReportDetail') });
export type SubmitResult = { replayed: boolean; report: ReportDetail };

export const NearbyReportsQuery = Type.Object(
  {
    category: Type.String({ minLength: 1, maxLength: 32 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    coordSystem: Type.Optional(literals(['gcj02', 'wgs84'] as const)),
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
  /** The caller filed it: offer no 我也遇到 (the server refuses it as OWN_REPORT). */
  mine: Type.Boolean(),
});
export type NearbyReport = Static<typeof NearbyReport>;
export const NearbyList = Type.Object({ items: Type.Array(NearbyReport) });
export type NearbyList = Static<typeof NearbyList>;

export const StaffActionBody = Type.Object(
  {
    action: literals(STAFF_REPORT_ACTIONS.filter((a) => a !== 'fix')),
    reason: Type.Optional(literals(REJECT_REASONS)),
    note: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
    teamId: Type.Optional(Id),
    /** Dispatch only: a crew member of the team (omit for the whole team). */
    assigneeId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type StaffActionBody = Static<typeof StaffActionBody>;

export const ReopenBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: DESCRIPTION_MAX }) },
  { additionalProperties: false },
);
export const MergeBody = Type.Object({ intoId: Id }, { additionalProperties: false });

export const QueueQuery = Type.Object(
  {
    group: Type.Optional(literals(['open', 'fixed', 'closed', 'all'] as const)),
    overdue: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type QueueQuery = Static<typeof QueueQuery>;

/** The crew's own queue: open = dispatched or on site; done = fixed or closed. */
export const CrewQueueQuery = Type.Object(
  {
    group: Type.Optional(literals(['open', 'done'] as const)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type CrewQueueQuery = Static<typeof CrewQueueQuery>;

export const Team = Type.Object({
  id: Type.String(),
  name: Type.String(),
  streetId: Nullable(Type.String()),
  /** Its active crew members (accounts), whom a dispatch may name. */
  members: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});
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

// ---- Managing the routing data (district admins: categories; street staff: teams and routes) ----

const SlaFields = {
  acceptWithinMinutes: Type.Integer({
    minimum: CATEGORY_SLA_LIMITS.acceptWithinMinutes.min,
    maximum: CATEGORY_SLA_LIMITS.acceptWithinMinutes.max,
  }),
  fixWithinHours: Type.Integer({
    minimum: CATEGORY_SLA_LIMITS.fixWithinHours.min,
    maximum: CATEGORY_SLA_LIMITS.fixWithinHours.max,
  }),
  onSiteWithinMinutes: Type.Integer({
    minimum: CATEGORY_SLA_LIMITS.onSiteWithinMinutes.min,
    maximum: CATEGORY_SLA_LIMITS.onSiteWithinMinutes.max,
  }),
};
const CategoryName = Type.String({ minLength: 1, maxLength: CATEGORY_NAME_MAX });
const CategoryIconSchema = literals(CATEGORY_ICONS);

export const AdminCategory = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  icon: Type.String(),
  sortOrder: Type.Integer(),
  acceptWithinMinutes: Type.Integer(),
  fixWithinHours: Type.Integer(),
  onSiteWithinMinutes: Type.Integer(),
  active: Type.Boolean(),
  /** 市级类别: its reports are also forwarded to the city's 12345 at submit. */
  cityLevel: Type.Boolean(),
  /** Reports or street routes refer to it: it can be deactivated, never deleted. */
  inUse: Type.Boolean(),
  /** The extra questions partners answer (Open311 service definition attributes). */
  attributes: Type.Optional(Type.Array(Open311AttributeDef)),
});
export type AdminCategory = Static<typeof AdminCategory>;
export const AdminCategoryList = Type.Object({ items: Type.Array(AdminCategory) });

export const CategoryCreateBody = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,31}$', description: 'stable machine code (Open311 service_code)' }),
    name: CategoryName,
    icon: CategoryIconSchema,
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    acceptWithinMinutes: SlaFields.acceptWithinMinutes,
    fixWithinHours: SlaFields.fixWithinHours,
    /** Defaults to 30 minutes. */
    onSiteWithinMinutes: Type.Optional(SlaFields.onSiteWithinMinutes),
    cityLevel: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CategoryCreateBody = Static<typeof CategoryCreateBody>;

export const CategoryPatchBody = Type.Object(
  {
    name: Type.Optional(CategoryName),
    icon: Type.Optional(CategoryIconSchema),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    acceptWithinMinutes: Type.Optional(SlaFields.acceptWithinMinutes),
    fixWithinHours: Type.Optional(SlaFields.fixWithinHours),
    onSiteWithinMinutes: Type.Optional(SlaFields.onSiteWithinMinutes),
    active: Type.Optional(Type.Boolean()),
    /** Replaces the extra questions partners answer (Open311 attributes); new reports only. */
    attributes: Type.Optional(Type.Array(Open311AttributeDef, { maxItems: 20 })),
    cityLevel: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CategoryPatchBody = Static<typeof CategoryPatchBody>;

export const AdminTeam = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** null = a district-wide team (养护中心), usable by every street of the district. */
  streetId: Nullable(Type.String()),
  active: Type.Boolean(),
  /** How many category routes of the street send reports to it. */
  routes: Type.Integer(),
});
export type AdminTeam = Static<typeof AdminTeam>;

export const TeamCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: TEAM_NAME_MAX }),
    /** The street it belongs to; omit (district admins only) for a district-wide team. */
    streetId: Type.Optional(Id),
    districtId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type TeamCreateBody = Static<typeof TeamCreateBody>;

export const TeamPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: TEAM_NAME_MAX })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type TeamPatchBody = Static<typeof TeamPatchBody>;

export const StreetRouting = Type.Object({
  street: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  /** The street's own teams and the district-wide ones, inactive included. */
  teams: Type.Array(AdminTeam),
  /** One row per category (inactive ones too, flagged), with the team it is routed to. */
  routes: Type.Array(
    Type.Object({
      category: Type.Object({
        id: Type.String(),
        code: Type.String(),
        name: Type.String(),
        icon: Type.String(),
        active: Type.Boolean(),
      }),
      teamId: Nullable(Type.String()),
      teamName: Nullable(Type.String()),
    }),
  ),
});
export type StreetRouting = Static<typeof StreetRouting>;

export const RouteSetBody = Type.Object(
  { teamId: Nullable(Id, { description: 'null = no team (unrouted)' }) },
  { additionalProperties: false },
);

export const StreetCategoryParams = Type.Object({
  id: Id,
  categoryId: Id,
});

// ---- Staff map of open reports ----

const CoordSystem = Type.Optional(literals(['gcj02', 'wgs84'] as const));

export const ReportMapQuery = Type.Object(
  {
    south: Type.Number({ minimum: -90, maximum: 90 }),
    west: Type.Number({ minimum: -180, maximum: 180 }),
    north: Type.Number({ minimum: -90, maximum: 90 }),
    east: Type.Number({ minimum: -180, maximum: 180 }),
    coordSystem: CoordSystem,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: REPORT_MAP_LIMITS.maxItems })),
  },
  { additionalProperties: false },
);
export type ReportMapQuery = Static<typeof ReportMapQuery>;

export const NearestReportsQuery = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    coordSystem: CoordSystem,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: REPORT_MAP_LIMITS.nearestItems })),
  },
  { additionalProperties: false },
);
export type NearestReportsQuery = Static<typeof NearestReportsQuery>;

export const ReportPin = Type.Object({
  id: Type.String(),
  category: Type.Object({ code: Type.String(), name: Type.String(), icon: Type.String() }),
  state: ReportStateSchema,
  /** GCJ-02, the system WeChat's map draws in. */
  lat: Type.Number(),
  lng: Type.Number(),
  overdue: Type.Boolean(),
  confirmations: Type.Integer(),
  streetName: Nullable(Type.String()),
  createdAt: DateTime,
  /** Metres from the given point (nearest list only). */
  distanceM: Type.Optional(Type.Number()),
});
export type ReportPin = Static<typeof ReportPin>;
export const ReportPins = Type.Object({
  items: Type.Array(ReportPin),
  /** More open reports are in the viewport than were returned (most urgent first). */
  truncated: Type.Boolean(),
});
export type ReportPins = Static<typeof ReportPins>;
