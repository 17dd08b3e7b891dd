import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../common/schemas.js';

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
