import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, literals, Nullable } from '../common/schemas.js';
import {
  ACCESS_DASHBOARD_TABLES,
  DASHBOARD_PERIODS,
  POINTS_DASHBOARD_TABLES,
  REPORT_DASHBOARD_TABLES,
  STATIONS_DASHBOARD_TABLES,
} from './constants.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, title: '日期' });

const periodFields = {
  period: Type.Optional(literals(DASHBOARD_PERIODS)),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  /** A district admin may narrow to one street of its district. */
  streetId: Type.Optional(Id),
};
export const DashboardQuery = Type.Object(periodFields, { additionalProperties: false });
export type DashboardQuery = Static<typeof DashboardQuery>;
export const ReportDashboardCsvQuery = Type.Object(
  { ...periodFields, table: Type.Optional(literals(REPORT_DASHBOARD_TABLES)) },
  { additionalProperties: false },
);
export type ReportDashboardCsvQuery = Static<typeof ReportDashboardCsvQuery>;
export const AccessDashboardCsvQuery = Type.Object(
  { ...periodFields, table: Type.Optional(literals(ACCESS_DASHBOARD_TABLES)) },
  { additionalProperties: false },
);
export type AccessDashboardCsvQuery = Static<typeof AccessDashboardCsvQuery>;
export const PointsDashboardCsvQuery = Type.Object(
  { ...periodFields, table: Type.Optional(literals(POINTS_DASHBOARD_TABLES)) },
  { additionalProperties: false },
);
export type PointsDashboardCsvQuery = Static<typeof PointsDashboardCsvQuery>;

export const DashboardScope = Type.Object({
  kind: literals(['street', 'district'] as const),
  id: Type.String(),
  name: Type.String(),
});
/** The days covered, both inclusive (Asia/Shanghai), and the instants they span [start, end). */
export const DashboardPeriodInfo = Type.Object({
  from: Type.String(),
  to: Type.String(),
  days: Type.Integer(),
  start: DateTime,
  end: DateTime,
});

/** Minutes from the step's start to the step, over the reports filed in the period that reached it. */
export const StepTimes = Type.Object({
  count: Type.Integer(),
  p50: Nullable(Type.Number()),
  p90: Nullable(Type.Number()),
  /** The median deadline of the same reports (minutes from the step's start). */
  deadline: Nullable(Type.Number()),
  /** Reached by its deadline. */
  withinDeadline: Type.Integer(),
});

export const ReportDashboard = Type.Object({
  scope: DashboardScope,
  period: DashboardPeriodInfo,
  totals: Type.Object({
    filed: Type.Integer(),
    accepted: Type.Integer(),
    fixed: Type.Integer(),
    openNow: Type.Integer(),
  }),
  daily: Type.Array(
    Type.Object({ day: Type.String(), filed: Type.Integer(), accepted: Type.Integer(), fixed: Type.Integer() }),
  ),
  times: Type.Object({ toAccept: StepTimes, toOnSite: StepTimes, toFix: StepTimes }),
  byCategory: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), filed: Type.Integer(), fixed: Type.Integer() }),
  ),
  /** District scope: one row per street (and 区级 for reports outside every street). */
  streets: Type.Array(
    Type.Object({
      streetId: Nullable(Type.String()),
      name: Type.String(),
      filed: Type.Integer(),
      fixed: Type.Integer(),
      openNow: Type.Integer(),
      overdueNow: Type.Integer(),
      p50ToAccept: Nullable(Type.Number()),
      p90ToFix: Nullable(Type.Number()),
      fixedWithinDeadline: Type.Integer(),
    }),
  ),
  /** Open reports past their current deadline now (oldest deadline first, at most 100). */
  overdue: Type.Array(
    Type.Object({
      id: Type.String(),
      category: Type.String(),
      state: Type.String(),
      streetName: Nullable(Type.String()),
      dueAt: DateTime,
      overdueMinutes: Type.Integer(),
    }),
  ),
  overdueTotal: Type.Integer(),
  /** The scope's district (for the map's layers, GET /map/layers?districtId). */
  districtId: Type.String(),
  /** Open reports now, for the map (GCJ-02; overdue first, then the oldest; at most 300). */
  openPins: Type.Array(
    Type.Object({
      id: Type.String(),
      category: Type.String(),
      lat: Type.Number(),
      lng: Type.Number(),
      overdue: Type.Boolean(),
    }),
  ),
});
export type ReportDashboard = Static<typeof ReportDashboard>;

export const AccessDashboard = Type.Object({
  scope: DashboardScope,
  period: DashboardPeriodInfo,
  totals: Type.Object({ scans: Type.Integer(), refusals: Type.Integer() }),
  daily: Type.Array(Type.Object({ day: Type.String(), scans: Type.Integer(), refusals: Type.Integer() })),
  /** Hour of day 0–23 (Asia/Shanghai), always 24 rows. */
  byHour: Type.Array(Type.Object({ hour: Type.Integer(), scans: Type.Integer(), refusals: Type.Integer() })),
  byCommunity: Type.Array(
    Type.Object({
      communityId: Type.String(),
      name: Type.String(),
      streetName: Type.String(),
      scans: Type.Integer(),
      refusals: Type.Integer(),
    }),
  ),
  reasons: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() })),
  /** Pass applications made in the period, and minutes from application to decision. */
  passes: Type.Object({
    applied: Type.Integer(),
    approved: Type.Integer(),
    rejected: Type.Integer(),
    pending: Type.Integer(),
    decided: Type.Integer(),
    p50DecisionMinutes: Nullable(Type.Number()),
    p90DecisionMinutes: Nullable(Type.Number()),
  }),
});
export type AccessDashboard = Static<typeof AccessDashboard>;

/**
 * What happened to the points earned in the scope (by the place of the event that earned them),
 * with the spending of each rider matched to their oldest points first — the rule expiry uses.
 */
const PointsFlows = {
  /** Earned in the scope: accepted reports, activities, 随手帮, adopted suggestions, staff grants. */
  issued: Type.Integer(),
  /** Of those points, spent on vouchers confirmed by a shop (any shop). */
  redeemed: Type.Integer(),
  /** Of those points, expired unspent. */
  expired: Type.Integer(),
  /** Staff grants taken back (冲正). */
  reversed: Type.Integer(),
  /** Cleared when the rider deleted the account. */
  forfeited: Type.Integer(),
  /** Vouchers confirmed by the scope's own shops, and their points (the shops' statements). */
  shopVouchers: Type.Integer(),
  shopPoints: Type.Integer(),
};

export const PointsDashboard = Type.Object({
  scope: DashboardScope,
  period: DashboardPeriodInfo,
  totals: Type.Object({
    ...PointsFlows,
    /** Earned in the scope and still unspent at the end of the period (vouchers not yet used included). */
    outstanding: Type.Integer(),
    /** Riders holding such points then. */
    ridersHolding: Type.Integer(),
  }),
  /** One row per Asia/Shanghai month the period touches, counting only the period's days. */
  monthly: Type.Array(
    Type.Object({
      month: Type.String(),
      ...PointsFlows,
      /** Unspent at the month's end (or the period's, for its last month). */
      outstandingEnd: Type.Integer(),
    }),
  ),
  /** Points issued in the period by earning rule. */
  byRule: Type.Array(Type.Object({ rule: Type.String(), label: Type.String(), issued: Type.Integer() })),
  /** The scope's shops: vouchers they confirmed in the period, and what the street owes them. */
  shops: Type.Array(
    Type.Object({
      merchantId: Type.String(),
      name: Type.String(),
      streetName: Type.String(),
      vouchers: Type.Integer(),
      points: Type.Integer(),
      /** Sum of the rewards' settlement (fen) over the vouchers that have one. */
      settlementFen: Type.Integer(),
      /** Vouchers whose reward has no settlement amount set. */
      unpriced: Type.Integer(),
    }),
  ),
});
export type PointsDashboard = Static<typeof PointsDashboard>;
// ---- 驿站覆盖: coverage of the scope by open 24-hour stations (no period: it is the state now) ----

export const StationsDashboardQuery = Type.Object({ streetId: Type.Optional(Id) }, { additionalProperties: false });
export type StationsDashboardQuery = Static<typeof StationsDashboardQuery>;
export const StationsDashboardCsvQuery = Type.Object(
  { streetId: Type.Optional(Id), table: Type.Optional(literals(STATIONS_DASHBOARD_TABLES)) },
  { additionalProperties: false },
);
export type StationsDashboardCsvQuery = Static<typeof StationsDashboardCsvQuery>;

const Share = Nullable(Type.Number({ minimum: 0, maximum: 1 }));

export const StationsDashboard = Type.Object({
  scope: DashboardScope,
  /** The scope's district (for the map layers of GET /map/layers?districtId). */
  districtId: Type.String(),
  /** The ride that counts as "within reach", and the straight-line radius it gives. */
  ride: Type.Object({
    minutes: Type.Number(),
    speedKmh: Type.Number(),
    detourFactor: Type.Number(),
    radiusM: Type.Integer(),
  }),
  /** Open 24-hour stations considered: in or near the scope (about 30 km around its box), any district's. */
  stations24h: Type.Integer(),
  /** Active communities of the scope within reach of an open 24-hour station. */
  communities: Type.Object({ total: Type.Integer(), covered: Type.Integer(), share: Share }),
  /** Communities out of reach, farthest first, with the nearest open 24-hour station (null: none near). */
  uncovered: Type.Array(
    Type.Object({
      communityId: Type.String(),
      name: Type.String(),
      streetName: Type.String(),
      lat: Type.Number(),
      lng: Type.Number(),
      nearestStationId: Nullable(Type.String()),
      nearestStationName: Nullable(Type.String()),
      distanceM: Nullable(Type.Integer()),
    }),
  ),
  /** The scope's area on a grid of cells (null: no boundary stored). */
  area: Nullable(
    Type.Object({
      cellM: Type.Number(),
      cells: Type.Integer(),
      coveredCells: Type.Integer(),
      areaKm2: Type.Number(),
      coveredKm2: Type.Number(),
      share: Share,
    }),
  ),
  /** One row per street of the scope (a street scope: its own row). */
  streets: Type.Array(
    Type.Object({
      streetId: Type.String(),
      name: Type.String(),
      communities: Type.Integer(),
      coveredCommunities: Type.Integer(),
      communityShare: Share,
      cells: Type.Integer(),
      coveredCells: Type.Integer(),
      areaShare: Share,
    }),
  ),
  /** The uncovered cells, merged into rectangles (largest first, at most a bound; `truncated` says so). */
  gaps: Type.Object({
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        geometry: Type.Object({
          type: Type.Literal('Polygon'),
          coordinates: Type.Array(Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }))),
        }),
        properties: Type.Object({ cells: Type.Integer() }),
      }),
    ),
    cells: Type.Integer(),
    truncated: Type.Boolean(),
  }),
  /** The scope's stations by type and by amenity, open and closed. */
  byType: Type.Array(
    Type.Object({
      type: Type.String(),
      total: Type.Integer(),
      open: Type.Integer(),
      closed: Type.Integer(),
      open24h: Type.Integer(),
    }),
  ),
  byAmenity: Type.Array(Type.Object({ amenity: Type.String(), open: Type.Integer(), closed: Type.Integer() })),
});
export type StationsDashboard = Static<typeof StationsDashboard>;
