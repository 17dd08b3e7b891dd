import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, literals, Nullable } from '../common/schemas.js';
import { AMENITIES, COORD_SYSTEMS, STATION_STATUSES, STATION_TYPES } from './constants.js';

export const StationTypeSchema = literals(STATION_TYPES);
export const AmenitySchema = literals(AMENITIES);
export const StationStatusSchema = literals(STATION_STATUSES);

const Clock = Type.String({
  pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$',
  description: 'HH:MM, 24:00 allowed as a close time',
});
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD, Asia/Shanghai' });

/** One opening slot [open, close). A close at or before the open runs past midnight (22:00–02:00). */
export const HoursSlot = Type.Object({ open: Clock, close: Clock }, { additionalProperties: false });
export type HoursSlot = Static<typeof HoursSlot>;

export const Closure = Type.Object(
  {
    from: IsoDate,
    to: IsoDate,
    note: Type.String({ maxLength: 100, default: '' }),
  },
  { additionalProperties: false, description: 'Closed on the dates from … to, both included' },
);
export type Closure = Static<typeof Closure>;

export const OpeningHours = Type.Object(
  {
    is24h: Type.Boolean(),
    weekly: Type.Array(Type.Array(HoursSlot, { maxItems: 6 }), {
      minItems: 7,
      maxItems: 7,
      description: 'Index 0 = Monday … 6 = Sunday; ignored when is24h',
    }),
    closures: Type.Array(Closure, { maxItems: 50, default: [] }),
  },
  { additionalProperties: false },
);
export type OpeningHours = Static<typeof OpeningHours>;

const Count = Nullable(Type.Integer({ minimum: 0, maximum: 100_000 }));

export const StationCounts = Type.Object(
  { seats: Count, chargingPorts: Count, swapPorts: Count },
  { additionalProperties: false },
);

export const StationContact = Type.Object(
  {
    name: Nullable(Type.String({ maxLength: 40 })),
    phone: Nullable(Type.String({ pattern: '^[0-9+\\- ]{3,20}$' })),
  },
  { additionalProperties: false },
);

/** What an admin sends to create a station (and what one import row becomes). */
export const StationInput = Type.Object(
  {
    externalId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    type: StationTypeSchema,
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'GCJ-02' }),
    lng: Type.Number({ minimum: -180, maximum: 180, description: 'GCJ-02' }),
    address: Type.String({ maxLength: 200, default: '' }),
    streetId: Type.Optional(
      Nullable(Id, {
        description: 'Omit to take the street whose boundary covers the location',
      }),
    ),
    hours: OpeningHours,
    amenities: Type.Array(AmenitySchema, { uniqueItems: true, maxItems: 16, default: [] }),
    counts: Type.Optional(StationCounts),
    contact: Type.Optional(StationContact),
    photos: Type.Array(Type.String({ pattern: '^https?://', maxLength: 500 }), { maxItems: 20, default: [] }),
  },
  { additionalProperties: false },
);
export type StationInput = Static<typeof StationInput>;

/**
 * A partial update. The input's top-level defaults are dropped: with `useDefaults` the validator
 * would otherwise fill an omitted `address`/`amenities`/`photos` and the patch would wipe them.
 */
const patchable = Type.Omit(StationInput, ['externalId']);
export const StationPatch = Type.Partial(
  Type.Object(
    Object.fromEntries(
      Object.entries(patchable.properties).map(([key, schema]) => {
        const { default: _default, ...rest } = schema as typeof schema & { default?: unknown };
        return [key, rest];
      }),
    ) as typeof patchable.properties,
  ),
  { additionalProperties: false },
);
export type StationPatch = Static<typeof StationPatch>;

export const StatusBody = Type.Object(
  {
    status: StationStatusSchema,
    note: Type.Optional(Type.String({ maxLength: 200, description: 'Why it is closed and until when' })),
  },
  { additionalProperties: false },
);
export type StatusBody = Static<typeof StatusBody>;

export const Station = Type.Object(
  {
    id: Type.String(),
    externalId: Nullable(Type.String()),
    name: Type.String(),
    type: StationTypeSchema,
    lat: Type.Number(),
    lng: Type.Number(),
    address: Type.String(),
    districtId: Type.String(),
    streetId: Nullable(Type.String()),
    streetName: Nullable(Type.String()),
    hours: OpeningHours,
    amenities: Type.Array(AmenitySchema),
    counts: StationCounts,
    contact: StationContact,
    status: StationStatusSchema,
    statusNote: Nullable(Type.String()),
    photos: Type.Array(Type.String()),
    /** Open at the time asked (now unless `at` was given), in Asia/Shanghai. */
    openNow: Type.Boolean(),
    /** Metres from the position asked, for nearby/box/nearest answers. */
    distanceM: Type.Optional(Type.Integer()),
    updatedAt: DateTime,
  },
  { $id: 'Station' },
);
export type Station = Static<typeof Station>;

const CoordSchema = literals(COORD_SYSTEMS);
const Filters = {
  types: Type.Optional(Type.Array(Type.String(), { description: 'Station type codes; any of' })),
  amenities: Type.Optional(Type.Array(Type.String(), { description: 'Amenity codes; all of' })),
  openNow: Type.Optional(Type.Boolean()),
  is24h: Type.Optional(Type.Boolean({ description: 'Only stations open around the clock (24小时)' })),
  at: Type.Optional(
    Type.String({ format: 'date-time', description: 'Evaluate "open" at this instant instead of now' }),
  ),
};

// Ranges are checked by the use case so that each gets its own error code (see errors.ts).
export const NearbyQuery = Type.Object(
  {
    lat: Type.Number({ description: '-90…90' }),
    lng: Type.Number({ description: '-180…180' }),
    coord: Type.Optional(CoordSchema),
    radius: Type.Optional(Type.Integer({ description: 'metres, ≤ 50000, default 5000' })),
    limit: Type.Optional(Type.Integer({ description: '1…50, default 20' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    ...Filters,
  },
  { additionalProperties: false },
);
export type NearbyQuery = Static<typeof NearbyQuery>;

export const StationPage = Type.Object(
  {
    items: Type.Array(Type.Ref('Station')),
    nextCursor: Nullable(Type.String()),
    origin: Type.Object({ lat: Type.Number(), lng: Type.Number() }, { description: 'The position used, GCJ-02' }),
  },
  { $id: 'StationPage' },
);
export type StationPage = { items: Station[]; nextCursor: string | null; origin: { lat: number; lng: number } };

export const BoxQuery = Type.Object(
  {
    south: Type.Number(),
    west: Type.Number(),
    north: Type.Number(),
    east: Type.Number(),
    coord: Type.Optional(CoordSchema),
    limit: Type.Optional(Type.Integer({ description: '1…500, default 200' })),
    ...Filters,
  },
  { additionalProperties: false },
);
export type BoxQuery = Static<typeof BoxQuery>;

export const StationBox = Type.Object(
  {
    items: Type.Array(Type.Ref('Station')),
    /** More stations match than were returned; the nearest to the centre come first. */
    truncated: Type.Boolean(),
  },
  { $id: 'StationBox' },
);
export type StationBox = { items: Station[]; truncated: boolean };

export const NearestQuery = Type.Object(
  {
    lat: Type.Number(),
    lng: Type.Number(),
    coord: Type.Optional(CoordSchema),
    types: Type.Optional(Type.Array(Type.String(), { description: 'default all_day (全时驿站)' })),
    amenities: Filters.amenities,
    openNow: Type.Optional(Type.Boolean({ description: 'default true' })),
    is24h: Filters.is24h,
    at: Filters.at,
  },
  { additionalProperties: false },
);
export type NearestQuery = Static<typeof NearestQuery>;

export const NearestStation = Type.Object({ item: Nullable(Type.Ref('Station')) }, { $id: 'NearestStation' });
export type NearestStation = { item: Station | null };

export const IMPORT_FORMATS = ['csv', 'geojson'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const ImportBody = Type.Object(
  {
    format: literals(IMPORT_FORMATS),
    content: Type.String({ minLength: 1 }),
    /** Import the good rows and skip the bad ones (default: write nothing if any row is bad). */
    skipBad: Type.Optional(Type.Boolean()),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ImportBody = Static<typeof ImportBody>;

export const ImportReport = Type.Object(
  {
    rows: Type.Integer(),
    inserted: Type.Integer(),
    updated: Type.Integer(),
    skipped: Type.Integer(),
    written: Type.Boolean(),
    badRows: Type.Array(Type.Object({ line: Type.Integer(), field: Nullable(Type.String()), reason: Type.String() })),
  },
  { $id: 'StationImportReport' },
);
export type ImportReport = Static<typeof ImportReport>;

export const ExportQuery = Type.Object({ format: literals(IMPORT_FORMATS) }, { additionalProperties: false });

/** 驿站管理: search the stations in one's scope (closed ones too). */
export const StaffStationQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 50, description: 'Name, address or external id contains' })),
    status: Type.Optional(StationStatusSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  },
  { additionalProperties: false },
);
export type StaffStationQuery = Static<typeof StaffStationQuery>;

export const StaffStationPage = Type.Object(
  {
    total: Type.Integer(),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        externalId: Nullable(Type.String()),
        name: Type.String(),
        type: StationTypeSchema,
        address: Type.String(),
        lat: Type.Number(),
        lng: Type.Number(),
        streetName: Nullable(Type.String()),
        status: StationStatusSchema,
        statusNote: Nullable(Type.String()),
        updatedAt: DateTime,
      }),
    ),
  },
  { $id: 'StaffStationPage' },
);
export type StaffStationPage = Static<typeof StaffStationPage>;
