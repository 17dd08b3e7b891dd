import { Type, type Static } from '@sinclair/typebox';
import { DateTime, literals, Nullable } from '../common/schemas.js';

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), JSON flavour. Field names are the
// spec's (snake_case); coordinates are WGS-84; times ISO 8601 with a zone.

export const Open311Error = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }), {
  $id: 'Open311Error',
});

export const Open311Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.Literal('realtime'),
  keywords: Type.String(),
  group: Type.String(),
});
export const Open311ServiceList = Type.Array(Open311Service);

export const Open311ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Object({ code: Type.String() })),
});

export const Open311Request = Type.Object({
  service_request_id: Type.String(),
  status: literals(['open', 'closed']),
  status_notes: Nullable(Type.String()),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Nullable(Type.String()),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.String(),
  address: Nullable(Type.String()),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: Nullable(Type.String()),
});
export type Open311Request = Static<typeof Open311Request>;
export const Open311RequestList = Type.Array(Open311Request);

export const Open311RequestsQuery = Type.Object({
  status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))?$' })),
  service_code: Type.Optional(Type.String({ maxLength: 200 })),
  start_date: Type.Optional(DateTime),
  end_date: Type.Optional(DateTime),
  service_request_id: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type Open311RequestsQuery = Static<typeof Open311RequestsQuery>;

export const Open311Created = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    service_notice: Type.String(),
    account_id: Nullable(Type.String()),
  }),
);
