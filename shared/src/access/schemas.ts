import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, listOf, literals, Nullable, strict } from '../common/schemas.js';
import {
  APPROVAL_MODES,
  DENY_REASONS,
  GATE_KINDS,
  GUIDE_MAX_ENTRANCES,
  PASS_NOTICE_KINDS,
  PASS_STATUSES,
  PLATFORMS,
  SUSPENDER_ROLES,
  SUSPENSION_ACTIONS,
  VEHICLE_KINDS,
} from './constants.js';

const PlatformSchema = literals(PLATFORMS);
const VehicleSchema = literals(VEHICLE_KINDS);
const PassStatusSchema = literals(PASS_STATUSES);
const GateKindSchema = literals(GATE_KINDS);
/** Numbers are range-checked by the use case, so a bad coordinate gets its own code and is logged. */
const latLng = { lat: Type.Number(), lng: Type.Number() };
const Coordinate = strict(latLng);

// ---- rider profile ----

export const ProfileBody = strict({
  realName: Type.String({ minLength: 1, maxLength: 20 }),
  /** Required when registering; may be left out when editing (the stored number is kept). */
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  /** Required when registering; may be left out when editing (the stored hash is kept). */
  idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 18 })),
  platform: PlatformSchema,
  stationName: Type.String({ minLength: 1, maxLength: 40 }),
  vehicleKind: VehicleSchema,
  plate: Type.Optional(Nullable(Type.String({ maxLength: 12 }))),
});
export type ProfileBody = Static<typeof ProfileBody>;

/** A rider as staff and the rider see it: phone and ID masked, never the full numbers. */
const maskedRiderFields = {
  realName: Type.String(),
  phoneMasked: Type.String(),
  idMasked: Type.String(),
  platform: PlatformSchema,
  stationName: Type.String(),
  vehicleKind: VehicleSchema,
  plate: Nullable(Type.String()),
};

/** A rider's access is suspended everywhere: since when, why (the rider sees it), at which level. */
export const Suspension = Type.Object({
  since: DateTime,
  reason: Type.String(),
  byRole: literals(SUSPENDER_ROLES),
});
export type Suspension = Static<typeof Suspension>;

export const RiderProfile = Type.Object({
  ...maskedRiderFields,
  suspended: Type.Boolean(),
  suspension: Nullable(Suspension),
});
export type RiderProfile = Static<typeof RiderProfile>;
export const ProfileResult = Type.Object({ profile: Nullable(RiderProfile) });
export type ProfileResult = Static<typeof ProfileResult>;

// ---- communities, passes ----

export const OpenCommunity = Type.Object({
  id: Type.String(),
  name: Type.String(),
  address: Type.String(),
  approval: literals(APPROVAL_MODES),
  passStatus: Nullable(PassStatusSchema),
});
export type OpenCommunity = Static<typeof OpenCommunity>;
export const OpenCommunityList = listOf(OpenCommunity);
export type OpenCommunityList = Static<typeof OpenCommunityList>;

export const ApplyBody = strict({
  communityIds: Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true }),
  /** Subscribe messages the rider agreed to (wx.requestSubscribeMessage) for these passes. */
  subscriptions: Type.Optional(Type.Array(literals(PASS_NOTICE_KINDS), { maxItems: 4, uniqueItems: true })),
});
export type ApplyBody = Static<typeof ApplyBody>;

/** What a pass and an application in the review queue have in common. */
const passFields = {
  id: Type.String(),
  communityId: Type.String(),
  communityName: Type.String(),
  status: PassStatusSchema,
  reason: Nullable(Type.String()),
  appliedAt: DateTime,
};

export const Pass = Type.Object({
  ...passFields,
  decidedAt: Nullable(DateTime),
  expiresAt: Nullable(DateTime),
});
export type Pass = Static<typeof Pass>;
export const PassList = listOf(Pass);
export type PassList = Static<typeof PassList>;

/** What an admin sees of an application: masked phone and ID, never the full numbers. */
export const ReviewItem = Type.Object({
  ...passFields,
  rider: Type.Object({ id: Type.String(), ...maskedRiderFields, suspension: Nullable(Suspension) }),
});
export type ReviewItem = Static<typeof ReviewItem>;
export const ReviewList = listOf(ReviewItem);
export type ReviewList = Static<typeof ReviewList>;
export const ReviewQuery = strict({
  status: Type.Optional(PassStatusSchema),
  communityId: Type.Optional(Id),
});
export type ReviewQuery = Static<typeof ReviewQuery>;

export const ApproveBody = strict({ passIds: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true }) });
export type ApproveBody = Static<typeof ApproveBody>;
export const ApproveResult = Type.Object({ approved: Type.Array(Type.String()) });
export type ApproveResult = Static<typeof ApproveResult>;
export const ReasonBody = strict({ reason: Type.String({ minLength: 1, maxLength: 200 }) });
export type ReasonBody = Static<typeof ReasonBody>;

// ---- gates, guide ----

export const Gate = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  name: Type.String(),
  kind: GateKindSchema,
  ...latLng,
  active: Type.Boolean(),
  codeVersion: Type.Integer(),
  codeUrl: Type.String({ description: 'The signed URL inside the printed QR' }),
  gateNumber: Nullable(Type.String({ description: '门岗号 printed under the QR; null until a poster is made' })),
  hasDeviceKey: Type.Boolean(),
});
export type Gate = Static<typeof Gate>;
export const GateList = listOf(Gate);
export type GateList = Static<typeof GateList>;
const gateName = Type.String({ minLength: 1, maxLength: 30 });
export const CreateGateBody = strict({
  name: gateName,
  kind: GateKindSchema,
  ...latLng,
});
export type CreateGateBody = Static<typeof CreateGateBody>;
export const UpdateGateBody = strict({
  name: Type.Optional(gateName),
  kind: Type.Optional(GateKindSchema),
  lat: Type.Optional(Type.Number()),
  lng: Type.Optional(Type.Number()),
  active: Type.Optional(Type.Boolean()),
});
export type UpdateGateBody = Static<typeof UpdateGateBody>;
export const DeviceKey = Type.Object({
  gateId: Type.String(),
  deviceKey: Type.String({ description: 'Shown once; the server keeps only its hash' }),
});
export type DeviceKey = Static<typeof DeviceKey>;

// Guide positions are GCJ-02 (what WeChat's map, chooseLocation and openLocation use).
const GuidePoint = strict({
  ...latLng,
  description: Type.String({ maxLength: 100 }),
});
export const GuideEntrance = strict({
  ...latLng,
  /** What the entrance is called on site: 1单元, 北侧门, 地库入口… */
  label: Type.String({ maxLength: 30 }),
});
export type GuideEntrance = Static<typeof GuideEntrance>;
export const GuideBuilding = strict({
  number: Type.String({ minLength: 1, maxLength: 20 }),
  /**
   * Labelled entrances, in the order a rider should try them. Optional for clients that predate
   * it: they send only `entrance`, which then becomes the one entrance.
   */
  entrances: Type.Optional(Type.Array(GuideEntrance, { maxItems: GUIDE_MAX_ENTRANCES })),
  /** The first entrance without its label; always returned, for clients that predate `entrances`. */
  entrance: Type.Optional(Nullable(Coordinate)),
  note: Type.String({ maxLength: 100 }),
});
export type GuideBuilding = Static<typeof GuideBuilding>;
export const Guide = strict({
  buildings: Type.Array(GuideBuilding, { maxItems: 200 }),
  parking: Nullable(GuidePoint),
  transferPoint: Nullable(GuidePoint),
  notes: Type.String({ maxLength: 500 }),
  requireLocation: Type.Boolean(),
  maxDistanceM: Type.Integer({ minimum: 20, maximum: 5000 }),
});
export type Guide = Static<typeof Guide>;

// ---- scans ----

export const ScanBody = strict({
  code: Type.String({ minLength: 1, maxLength: 512 }),
  scannedAt: DateTime,
  location: Type.Optional(
    strict({
      ...latLng,
      /** weapp gives GCJ-02, browsers WGS-84; the server converts. */
      coordSystem: Type.Optional(literals(['gcj02', 'wgs84'])),
      accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
    }),
  ),
  /**
   * A scan the app kept while the phone had no network and sends now: recorded as 离线补录 at its
   * own time (up to ACCESS_OFFLINE_SCAN_HOURS old), once per key, opening nothing.
   */
  offline: Type.Optional(strict({ key: Type.String({ title: '补录编号', pattern: '^[A-Za-z0-9_-]{8,64}$' }) })),
});
export type ScanBody = Static<typeof ScanBody>;

const DenyReasonSchema = literals(Object.keys(DENY_REASONS) as (keyof typeof DENY_REASONS)[]);

/** The decision part shared by a gate scan and a guard's check of a rider code. */
const decisionFields = {
  eventId: Type.String(),
  granted: Type.Boolean(),
};
const decisionReason = {
  reason: Type.Union([Type.Literal('GRANTED'), DenyReasonSchema]),
  message: Type.String(),
};

export const ScanResult = Type.Object({
  ...decisionFields,
  /** True when this was a repeat of the same scan a few seconds ago (same event). */
  repeated: Type.Boolean(),
  /** A scan kept offline and recorded late (离线补录): judged at its own time, opened nothing. */
  offline: Type.Boolean(),
  ...decisionReason,
  nextStep: Nullable(Type.String()),
  gate: Type.Object({ id: Type.String(), name: Type.String(), kind: GateKindSchema, ...latLng }),
  community: Type.Object({ id: Type.String(), name: Type.String(), address: Type.String() }),
  /** Only when granted. */
  guide: Nullable(Guide),
  distanceM: Nullable(Type.Integer()),
});
export type ScanResult = Static<typeof ScanResult>;

// ---- rider code ----

export const RiderCode = Type.Object({
  code: Type.String(),
  /** The code as a QR (PNG data URL), so the mini-program needs no QR library. */
  qrDataUrl: Type.String(),
  issuedAt: DateTime,
  expiresAt: DateTime,
  refreshInSeconds: Type.Integer(),
});
export type RiderCode = Static<typeof RiderCode>;

export const RiderCheckBody = strict({
  code: Type.String({ minLength: 1, maxLength: 512 }),
  /** The gate where the guard stands; defaults to the guard's only community. */
  gateId: Type.Optional(Id),
});
export type RiderCheckBody = Static<typeof RiderCheckBody>;

export const RiderCheckResult = Type.Object({
  ...decisionFields,
  ...decisionReason,
  community: Type.Object({ id: Type.String(), name: Type.String() }),
  rider: Type.Object({
    nameMasked: Type.String(),
    platform: PlatformSchema,
    stationName: Type.String(),
    vehicleKind: VehicleSchema,
    plateMasked: Nullable(Type.String()),
    phoneMasked: Type.String(),
  }),
});
export type RiderCheckResult = Static<typeof RiderCheckResult>;

export const RiderCodeKeys = Type.Object({
  periodSeconds: Type.Integer(),
  skewSeconds: Type.Integer(),
  keys: Type.Array(
    Type.Object({ kid: Type.String(), alg: Type.Literal('Ed25519'), publicKey: Type.String(), pem: Type.String() }),
  ),
});
export type RiderCodeKeys = Static<typeof RiderCodeKeys>;

// ---- events ----

const NullableString = Nullable(Type.String());
export const AccessEvent = Type.Object({
  id: Type.String(),
  createdAt: DateTime,
  scannedAt: DateTime,
  method: literals(['gate_code', 'rider_code']),
  granted: Type.Boolean(),
  reason: Type.String(),
  communityId: NullableString,
  communityName: NullableString,
  gateId: NullableString,
  gateName: NullableString,
  riderId: NullableString,
  riderName: NullableString,
  platform: Nullable(PlatformSchema),
  distanceM: Nullable(Type.Integer()),
  /** Kept by the app without network and recorded late (离线补录): its time is the phone's. */
  offline: Type.Boolean(),
});
export type AccessEvent = Static<typeof AccessEvent>;
export const AccessEventList = Type.Object({ items: Type.Array(AccessEvent), nextCursor: NullableString });
export type AccessEventList = Static<typeof AccessEventList>;
export const EventQuery = strict({
  communityId: Type.Optional(Id),
  gateId: Type.Optional(Id),
  granted: Type.Optional(Type.Boolean()),
  /** A deny reason (RIDER_SUSPENDED…) or a refusal code (GATE_CODE_INVALID…), or GRANTED. */
  reason: Type.Optional(Type.String({ pattern: '^[A-Z_]{1,40}$' })),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
});
export type EventQuery = Static<typeof EventQuery>;

export const DeviceGrant = Type.Object({
  eventId: Type.String(),
  riderId: NullableString,
  createdAt: DateTime,
});
export const DeviceGrantList = Type.Object({ items: Type.Array(DeviceGrant), cursor: NullableString });
export type DeviceGrantList = Static<typeof DeviceGrantList>;
export const DeviceGrantQuery = strict({
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 120, default: 25 })),
});
export type DeviceGrantQuery = Static<typeof DeviceGrantQuery>;

// ---- rider suspension (street operator, district admin) ----

export const RiderQuery = strict({
  /** Name (part of), plate (part of), the phone's last 4 digits or the full phone number. */
  q: Type.Optional(Type.String({ maxLength: 40 })),
  suspended: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});
export type RiderQuery = Static<typeof RiderQuery>;

/** A rider as a suspender sees it: masked identity, passes in the staff's area, suspension. */
export const StaffRider = Type.Object({
  id: Type.String(),
  ...maskedRiderFields,
  passes: Type.Array(
    Type.Object({ communityId: Type.String(), communityName: Type.String(), status: PassStatusSchema }),
  ),
  suspension: Nullable(Suspension),
});
export type StaffRider = Static<typeof StaffRider>;
export const StaffRiderList = Type.Object({ items: Type.Array(StaffRider), more: Type.Boolean() });
export type StaffRiderList = Static<typeof StaffRiderList>;

/** One audited suspend or lift. */
export const SuspensionEvent = Type.Object({
  id: Type.String(),
  action: literals(SUSPENSION_ACTIONS),
  reason: Type.String(),
  at: DateTime,
  actorName: NullableString,
  actorRole: Type.String(),
});
export type SuspensionEvent = Static<typeof SuspensionEvent>;
export const StaffRiderDetail = Type.Object({ rider: StaffRider, history: Type.Array(SuspensionEvent) });
export type StaffRiderDetail = Static<typeof StaffRiderDetail>;
