import { Type, type Static } from '@sinclair/typebox';

export const LngLat = Type.Object({ lng: Type.Number(), lat: Type.Number() });

export const Street = Type.Object(
  {
    id: Type.String(),
    districtId: Type.String(),
    code: Type.String(),
    name: Type.String(),
    boundary: Type.Union([Type.Array(LngLat), Type.Null()]),
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
