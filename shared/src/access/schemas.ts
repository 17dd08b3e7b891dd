import { Type, type Static } from '@sinclair/typebox';
import { APPROVAL_MODES, DENY_REASONS, GATE_KINDS, PASS_STATUSES, PLATFORMS, VEHICLE_KINDS } from './constants.js';

/** A union of string literals whose static type stays the literal union (not `string`). */
const literals = <T extends string>(values: readonly T[]) => Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
const PlatformSchema = literals(PLATFORMS);
const VehicleSchema = literals(VEHICLE_KINDS);
const PassStatusSchema = literals(PASS_STATUSES);
const GateKindSchema = literals(GATE_KINDS);
const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
/** Numbers are range-checked by the use case, so a bad coordinate gets its own code and is logged. */
const Coordinate = Type.Object({ lat: Type.Number(), lng: Type.Number() }, { additionalProperties: false });

// ---- rider profile ----

export const ProfileBody = Type.Object(
  {
    realName: Type.String({ minLength: 1, maxLength: 20 }),
    phone: Type.String({ minLength: 1, maxLength: 20 }),
    /** Required when registering; may be left out when editing (the stored hash is kept). */
    idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 18 })),
    platform: PlatformSchema,
    stationName: Type.String({ minLength: 1, maxLength: 40 }),
    vehicleKind: VehicleSchema,
    plate: Type.Optional(Type.Union([Type.String({ maxLength: 12 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type ProfileBody = Static<typeof ProfileBody>;

export const RiderProfile = Type.Object({
  realName: Type.String(),
  phoneMasked: Type.String(),
  idMasked: Type.String(),
  platform: PlatformSchema,
  stationName: Type.String(),
  vehicleKind: VehicleSchema,
  plate: Type.Union([Type.String(), Type.Null()]),
  suspended: Type.Boolean(),
});
export type RiderProfile = Static<typeof RiderProfile>;
export const ProfileResult = Type.Object({ profile: Type.Union([RiderProfile, Type.Null()]) });
export type ProfileResult = Static<typeof ProfileResult>;

// ---- communities, passes ----

export const OpenCommunity = Type.Object({
  id: Type.String(),
  name: Type.String(),
  address: Type.String(),
  approval: literals(APPROVAL_MODES),
  passStatus: Type.Union([PassStatusSchema, Type.Null()]),
});
export type OpenCommunity = Static<typeof OpenCommunity>;
export const OpenCommunityList = Type.Object({ items: Type.Array(OpenCommunity) });
export type OpenCommunityList = Static<typeof OpenCommunityList>;

export const ApplyBody = Type.Object(
  { communityIds: Type.Array(Uuid, { minItems: 1, maxItems: 20, uniqueItems: true }) },
  { additionalProperties: false },
);
export type ApplyBody = Static<typeof ApplyBody>;

export const Pass = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  communityName: Type.String(),
  status: PassStatusSchema,
  reason: Type.Union([Type.String(), Type.Null()]),
  appliedAt: DateTime,
  decidedAt: Type.Union([DateTime, Type.Null()]),
  expiresAt: Type.Union([DateTime, Type.Null()]),
});
export type Pass = Static<typeof Pass>;
export const PassList = Type.Object({ items: Type.Array(Pass) });
export type PassList = Static<typeof PassList>;

/** What an admin sees of an application: masked phone and ID, never the full numbers. */
export const ReviewItem = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  communityName: Type.String(),
  status: PassStatusSchema,
  reason: Type.Union([Type.String(), Type.Null()]),
  appliedAt: DateTime,
  rider: Type.Object({
    id: Type.String(),
    realName: Type.String(),
    phoneMasked: Type.String(),
    idMasked: Type.String(),
    platform: PlatformSchema,
    stationName: Type.String(),
    vehicleKind: VehicleSchema,
    plate: Type.Union([Type.String(), Type.Null()]),
  }),
});
export type ReviewItem = Static<typeof ReviewItem>;
export const ReviewList = Type.Object({ items: Type.Array(ReviewItem) });
export type ReviewList = Static<typeof ReviewList>;
export const ReviewQuery = Type.Object(
  {
    status: Type.Optional(PassStatusSchema),
    communityId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type ReviewQuery = Static<typeof ReviewQuery>;

export const ApproveBody = Type.Object(
  { passIds: Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true }) },
  { additionalProperties: false },
);
export type ApproveBody = Static<typeof ApproveBody>;
export const ApproveResult = Type.Object({ approved: Type.Array(Type.String()) });
export type ApproveResult = Static<typeof ApproveResult>;
export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type ReasonBody = Static<typeof ReasonBody>;

// ---- gates, guide ----

export const Gate = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  name: Type.String(),
  kind: GateKindSchema,
  lat: Type.Number(),
  lng: Type.Number(),
  active: Type.Boolean(),
  codeVersion: Type.Integer(),
  codeUrl: Type.String({ description: 'The signed URL inside the printed QR' }),
  hasDeviceKey: Type.Boolean(),
});
export type Gate = Static<typeof Gate>;
export const GateList = Type.Object({ items: Type.Array(Gate) });
export type GateList = Static<typeof GateList>;
export const CreateGateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 30 }),
    kind: GateKindSchema,
    lat: Type.Number(),
    lng: Type.Number(),
  },
  { additionalProperties: false },
);
export type CreateGateBody = Static<typeof CreateGateBody>;
export const UpdateGateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    kind: Type.Optional(GateKindSchema),
    lat: Type.Optional(Type.Number()),
    lng: Type.Optional(Type.Number()),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateGateBody = Static<typeof UpdateGateBody>;
export const DeviceKey = Type.Object({
  gateId: Type.String(),
  deviceKey: Type.String({ description: 'Shown once; the server keeps only its hash' }),
});
export type DeviceKey = Static<typeof DeviceKey>;

const GuidePoint = Type.Object(
  {
    lat: Type.Number(),
    lng: Type.Number(),
    description: Type.String({ maxLength: 100 }),
  },
  { additionalProperties: false },
);
export const Guide = Type.Object(
  {
    buildings: Type.Array(
      Type.Object(
        {
          number: Type.String({ minLength: 1, maxLength: 20 }),
          entrance: Type.Union([Coordinate, Type.Null()]),
          note: Type.String({ maxLength: 100 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
    parking: Type.Union([GuidePoint, Type.Null()]),
    transferPoint: Type.Union([GuidePoint, Type.Null()]),
    notes: Type.String({ maxLength: 500 }),
    requireLocation: Type.Boolean(),
    maxDistanceM: Type.Integer({ minimum: 20, maximum: 5000 }),
  },
  { additionalProperties: false },
);
export type Guide = Static<typeof Guide>;

// ---- scans ----

export const ScanBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 512 }),
    scannedAt: DateTime,
    location: Type.Optional(
      Type.Object(
        {
          lat: Type.Number(),
          lng: Type.Number(),
          /** weapp gives GCJ-02, browsers WGS-84; the server converts. */
          coordSystem: Type.Optional(Type.Union([Type.Literal('gcj02'), Type.Literal('wgs84')])),
          accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ScanBody = Static<typeof ScanBody>;

const DenyReasonSchema = literals(Object.keys(DENY_REASONS) as (keyof typeof DENY_REASONS)[]);

export const ScanResult = Type.Object({
  eventId: Type.String(),
  granted: Type.Boolean(),
  /** True when this was a repeat of the same scan a few seconds ago (same event). */
  repeated: Type.Boolean(),
  reason: Type.Union([Type.Literal('GRANTED'), DenyReasonSchema]),
  message: Type.String(),
  nextStep: Type.Union([Type.String(), Type.Null()]),
  gate: Type.Object({ id: Type.String(), name: Type.String(), kind: GateKindSchema, lat: Type.Number(), lng: Type.Number() }),
  community: Type.Object({ id: Type.String(), name: Type.String(), address: Type.String() }),
  /** Only when granted. */
  guide: Type.Union([Guide, Type.Null()]),
  distanceM: Type.Union([Type.Integer(), Type.Null()]),
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

export const RiderCheckBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 512 }),
    /** The gate where the guard stands; defaults to the guard's only community. */
    gateId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type RiderCheckBody = Static<typeof RiderCheckBody>;

export const RiderCheckResult = Type.Object({
  eventId: Type.String(),
  granted: Type.Boolean(),
  reason: Type.Union([Type.Literal('GRANTED'), DenyReasonSchema]),
  message: Type.String(),
  community: Type.Object({ id: Type.String(), name: Type.String() }),
  rider: Type.Object({
    nameMasked: Type.String(),
    platform: PlatformSchema,
    stationName: Type.String(),
    vehicleKind: VehicleSchema,
    plateMasked: Type.Union([Type.String(), Type.Null()]),
    phoneMasked: Type.String(),
  }),
});
export type RiderCheckResult = Static<typeof RiderCheckResult>;

export const RiderCodeKeys = Type.Object({
  periodSeconds: Type.Integer(),
  skewSeconds: Type.Integer(),
  keys: Type.Array(Type.Object({ kid: Type.String(), alg: Type.Literal('Ed25519'), publicKey: Type.String(), pem: Type.String() })),
});
export type RiderCodeKeys = Static<typeof RiderCodeKeys>;

// ---- events ----

export const AccessEvent = Type.Object({
  id: Type.String(),
  createdAt: DateTime,
  scannedAt: DateTime,
  method: Type.Union([Type.Literal('gate_code'), Type.Literal('rider_code')]),
  granted: Type.Boolean(),
  reason: Type.String(),
  communityId: Type.Union([Type.String(), Type.Null()]),
  communityName: Type.Union([Type.String(), Type.Null()]),
  gateId: Type.Union([Type.String(), Type.Null()]),
  gateName: Type.Union([Type.String(), Type.Null()]),
  riderId: Type.Union([Type.String(), Type.Null()]),
  riderName: Type.Union([Type.String(), Type.Null()]),
  platform: Type.Union([PlatformSchema, Type.Null()]),
  distanceM: Type.Union([Type.Integer(), Type.Null()]),
});
export type AccessEvent = Static<typeof AccessEvent>;
export const AccessEventList = Type.Object({ items: Type.Array(AccessEvent), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type AccessEventList = Static<typeof AccessEventList>;
export const EventQuery = Type.Object(
  {
    communityId: Type.Optional(Uuid),
    gateId: Type.Optional(Uuid),
    granted: Type.Optional(Type.Boolean()),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type EventQuery = Static<typeof EventQuery>;

export const DeviceGrant = Type.Object({
  eventId: Type.String(),
  riderId: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
});
export const DeviceGrantList = Type.Object({ items: Type.Array(DeviceGrant), cursor: Type.Union([Type.String(), Type.Null()]) });
export type DeviceGrantList = Static<typeof DeviceGrantList>;
export const DeviceGrantQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
    wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 120, default: 25 })),
  },
  { additionalProperties: false },
);
export type DeviceGrantQuery = Static<typeof DeviceGrantQuery>;
