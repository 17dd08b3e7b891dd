import { Type, type Static } from '@sinclair/typebox';
import { literals, Nullable, strict } from '../common/schemas.js';
import { MAP_LAYER_KINDS, MERCHANT_KINDS } from './constants.js';

export const LngLat = Type.Object({ lng: Type.Number(), lat: Type.Number() });

export const Street = Type.Object(
  {
    id: Type.String(),
    districtId: Type.String(),
    code: Type.String(),
    name: Type.String(),
    boundary: Nullable(Type.Array(LngLat)),
  },
  { $id: 'Street' },
);
export type Street = Static<typeof Street>;

export const Community = Type.Object(
  {
    id: Type.String(),
    streetId: Type.String(),
    streetName: Type.String(),
    code: Type.String(),
    name: Type.String(),
    address: Type.String(),
    lat: Type.Number(),
    lng: Type.Number(),
    propertyCompany: Type.String(),
    active: Type.Boolean(),
  },
  { $id: 'Community' },
);
export type Community = Static<typeof Community>;

export const CommunityList = Type.Object({ items: Type.Array(Type.Ref('Community')) }, { $id: 'CommunityList' });
export type CommunityList = { items: Community[] };

export const Merchant = Type.Object(
  {
    id: Type.String(),
    streetId: Type.String(),
    code: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    address: Type.String(),
    lat: Type.Number(),
    lng: Type.Number(),
    active: Type.Boolean(),
  },
  { $id: 'Merchant' },
);
export type Merchant = Static<typeof Merchant>;

/** A street in a staff member's scope, for lists (the boundary itself is left out). */
export const StreetSummary = Type.Object({
  id: Type.String(),
  districtId: Type.String(),
  code: Type.String(),
  name: Type.String(),
  hasBoundary: Type.Boolean(),
  active: Type.Boolean(),
});
export type StreetSummary = Static<typeof StreetSummary>;
export const StreetSummaryList = Type.Object({ items: Type.Array(StreetSummary) });

/** POST /streets/boundaries: what an import changed (or would change, with dryRun). */
export const BoundaryImportResult = Type.Object({
  dryRun: Type.Boolean(),
  updated: Type.Integer(),
  streets: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), points: Type.Integer() })),
});
export type BoundaryImportResult = Static<typeof BoundaryImportResult>;

// ---- Managing the organisation (district admins; street operators for their own street) ----

/** POST /streets: a new 街道 of the admin's district (`districtId` only when it has several). */
export const StreetCreateBody = strict({
  code: Type.String({ maxLength: 32 }),
  name: Type.String({ maxLength: 40 }),
  districtId: Type.Optional(Type.String({ format: 'uuid' })),
});
export type StreetCreateBody = Static<typeof StreetCreateBody>;

/** PATCH /streets/:id: rename, deactivate or reactivate. */
export const StreetPatchBody = strict({
  name: Type.Optional(Type.String({ maxLength: 40 })),
  active: Type.Optional(Type.Boolean()),
});
export type StreetPatchBody = Static<typeof StreetPatchBody>;

/** POST /communities: the street is found from the street boundaries (GCJ-02 point). */
export const CommunityCreateBody = strict({
  code: Type.Optional(Type.String({ maxLength: 32 })),
  name: Type.String({ maxLength: 40 }),
  address: Type.Optional(Type.String({ maxLength: 120 })),
  lat: Type.Number(),
  lng: Type.Number(),
  propertyCompany: Type.Optional(Type.String({ maxLength: 60 })),
});
export type CommunityCreateBody = Static<typeof CommunityCreateBody>;

export const CommunityPatchBody = strict({
  name: Type.Optional(Type.String({ maxLength: 40 })),
  address: Type.Optional(Type.String({ maxLength: 120 })),
  lat: Type.Optional(Type.Number()),
  lng: Type.Optional(Type.Number()),
  propertyCompany: Type.Optional(Type.String({ maxLength: 60 })),
  active: Type.Optional(Type.Boolean()),
});
export type CommunityPatchBody = Static<typeof CommunityPatchBody>;

/** POST /merchants: a shop; its street is chosen or found from the boundaries. */
export const MerchantCreateBody = strict({
  code: Type.Optional(Type.String({ maxLength: 32 })),
  name: Type.String({ maxLength: 40 }),
  kind: literals(MERCHANT_KINDS),
  address: Type.Optional(Type.String({ maxLength: 120 })),
  lat: Type.Number(),
  lng: Type.Number(),
  streetId: Type.Optional(Type.String({ format: 'uuid' })),
});
export type MerchantCreateBody = Static<typeof MerchantCreateBody>;

export const MerchantPatchBody = strict({
  name: Type.Optional(Type.String({ maxLength: 40 })),
  kind: Type.Optional(literals(MERCHANT_KINDS)),
  address: Type.Optional(Type.String({ maxLength: 120 })),
  lat: Type.Optional(Type.Number()),
  lng: Type.Optional(Type.Number()),
  streetId: Type.Optional(Type.String({ format: 'uuid' })),
  active: Type.Optional(Type.Boolean()),
});
export type MerchantPatchBody = Static<typeof MerchantPatchBody>;

export const MerchantList = Type.Object({ items: Type.Array(Type.Ref('Merchant')) }, { $id: 'MerchantList' });
export type MerchantList = { items: Merchant[] };

// ---- The map of our own data (GET /map/layers): GeoJSON, positions [lng, lat] in GCJ-02 ----

/** A bounding box (GCJ-02), or a district (its outline, streets, communities and stations), or both. */
export const MapLayersQuery = Type.Object(
  {
    south: Type.Optional(Type.Number({ title: '南边界' })),
    west: Type.Optional(Type.Number({ title: '西边界' })),
    north: Type.Optional(Type.Number({ title: '北边界' })),
    east: Type.Optional(Type.Number({ title: '东边界' })),
    districtId: Type.Optional(Type.String({ title: '区' })),
  },
  { additionalProperties: false },
);
export type MapLayersQuery = Static<typeof MapLayersQuery>;

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 2 });
export const MapGeometry = Type.Union([
  Type.Object({ type: Type.Literal('Point'), coordinates: Position }),
  /** One outer ring, closed (first position repeated last), as GeoJSON wants. */
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Position)) }),
]);
export const MapFeatureProperties = Type.Object({
  kind: literals(MAP_LAYER_KINDS),
  id: Type.String(),
  name: Type.String(),
  code: Type.Optional(Type.String()),
  /** Community and station: the street it sits in. */
  streetName: Type.Optional(Nullable(Type.String())),
  address: Type.Optional(Type.String()),
  /** Station: its type code (STATION_TYPES), 24-hour flag and open/closed status. */
  type: Type.Optional(Type.String()),
  is24h: Type.Optional(Type.Boolean()),
  status: Type.Optional(Type.String()),
});
export const MapFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  geometry: MapGeometry,
  properties: MapFeatureProperties,
});
export const MapLayers = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    /** [west, south, east, north] of what was asked (the box, or the district's outline); null: nothing to frame. */
    bbox: Nullable(Type.Array(Type.Number(), { minItems: 4, maxItems: 4 })),
    features: Type.Array(MapFeature),
    /** More communities or stations matched than were returned (the nearest to the middle came). */
    truncated: Type.Boolean(),
  },
  { $id: 'MapLayers' },
);
export type MapGeometry = Static<typeof MapGeometry>;
export type MapFeature = Static<typeof MapFeature>;
export type MapLayers = Static<typeof MapLayers>;
