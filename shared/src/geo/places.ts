// Places a person recognises (街道, 社区, 驿站) instead of bare coordinates: the describe, search and
// area-list routes of the geo job. TypeBox: server-side; the mini-program imports the types only.
import { Type, type Static } from '@sinclair/typebox';
import { literals, Nullable } from '../common/schemas.js';
import { PLACE_KINDS } from './constants.js';

/**
 * GET /places/describe. lat/lng arrive as text and are checked by the use case, so a bad value
 * gets a Chinese message naming 纬度 or 经度 (the validator's would name `lat`).
 */
export const PlaceDescribeQuery = Type.Object(
  {
    lat: Type.Optional(Type.String({ maxLength: 40, description: '纬度（GCJ-02，或 coord=wgs84 时为 WGS-84）' })),
    lng: Type.Optional(Type.String({ maxLength: 40, description: '经度' })),
    coord: Type.Optional(Type.String({ maxLength: 10, description: 'gcj02（默认）或 wgs84（浏览器定位）' })),
  },
  { additionalProperties: false },
);
export type PlaceDescribeQuery = Static<typeof PlaceDescribeQuery>;

const Named = Type.Object({ id: Type.String(), name: Type.String() });

export const PlaceDescription = Type.Object(
  {
    /** The position described, GCJ-02 (converted when WGS-84 was sent). */
    lat: Type.Number(),
    lng: Type.Number(),
    /** Inside a district (or a street) this deployment serves. */
    inService: Type.Boolean(),
    district: Nullable(Named),
    /** The active street whose boundary covers the point. */
    street: Nullable(Named),
    /** The community the point is in (`inside`) or nearest to, within PLACE_COMMUNITY_RADIUS_M. */
    community: Nullable(
      Type.Object({ id: Type.String(), name: Type.String(), distanceM: Type.Integer(), inside: Type.Boolean() }),
    ),
    /** The nearest 驿站, within PLACE_LANDMARK_RADIUS_M (public fields only). */
    landmark: Nullable(
      Type.Object({
        kind: Type.Literal('station'),
        id: Type.String(),
        name: Type.String(),
        distanceM: Type.Integer(),
      }),
    ),
    /** Ready to show: 呼家楼街道 · 金台里小区 · 距呼家楼全时驿站 120 米. */
    label: Type.String(),
  },
  { $id: 'PlaceDescription' },
);
export type PlaceDescription = Static<typeof PlaceDescription>;

/** GET /places/search?q=: districts, streets, communities and stations by name. */
export const PlaceSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type PlaceSearchQuery = Static<typeof PlaceSearchQuery>;

export const PlaceHit = Type.Object({
  kind: literals(PLACE_KINDS),
  id: Type.String(),
  name: Type.String(),
  /** Where it sits, e.g. the street of a community: 朝阳区 · 呼家楼街道. */
  context: Type.String(),
  /** A position to search from (GCJ-02): the point, or the middle of an area. */
  lat: Type.Number(),
  lng: Type.Number(),
});
export type PlaceHit = Static<typeof PlaceHit>;

export const PlaceSearchResult = Type.Object({ items: Type.Array(PlaceHit) }, { $id: 'PlaceSearchResult' });
export type PlaceSearchResult = Static<typeof PlaceSearchResult>;

/** GET /places/areas: active districts and their active streets with a position (public names only). */
const AreaStreet = Type.Object({ id: Type.String(), name: Type.String(), lat: Type.Number(), lng: Type.Number() });
export const PlaceAreas = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        lat: Nullable(Type.Number()),
        lng: Nullable(Type.Number()),
        streets: Type.Array(AreaStreet),
      }),
    ),
  },
  { $id: 'PlaceAreas' },
);
export type PlaceAreas = Static<typeof PlaceAreas>;
