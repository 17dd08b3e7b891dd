import { Type, type Static } from '@sinclair/typebox';
import { DateTime, literals, Nullable } from '../common/schemas.js';

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2); the XML flavour has the same fields. Field names are the
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

/** The datatypes of a service attribute, as the standard names them. */
export const OPEN311_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type Open311Datatype = (typeof OPEN311_DATATYPES)[number];

/**
 * One extra question of a category (stored in report_categories.attributes): the standard's
 * attribute less `variable` (always true here) and `order` (the array's order).
 */
export const Open311AttributeDef = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
    datatype: literals(OPEN311_DATATYPES),
    required: Type.Boolean(),
    description: Type.String({ minLength: 1, maxLength: 200 }),
    datatype_description: Type.Optional(Type.String({ maxLength: 200 })),
    /** The options of a singlevaluelist or multivaluelist. */
    values: Type.Optional(
      Type.Array(
        Type.Object(
          { key: Type.String({ minLength: 1, maxLength: 64 }), name: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Open311AttributeDef = Static<typeof Open311AttributeDef>;

export const Open311Attribute = Type.Object({
  variable: Type.Boolean(),
  code: Type.String(),
  datatype: literals(OPEN311_DATATYPES),
  required: Type.Boolean(),
  datatype_description: Nullable(Type.String()),
  order: Type.Integer(),
  description: Type.String(),
  values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }))),
});

export const Open311ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Open311Attribute),
});
export type Open311ServiceDefinition = Static<typeof Open311ServiceDefinition>;

/** The service discovery document (https://wiki.open311.org/Service_discovery). */
export const Open311Discovery = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(
    Type.Object({
      specification: Type.String(),
      url: Type.String(),
      changeset: Type.String(),
      type: literals(['production', 'test']),
      formats: Type.Array(Type.String()),
    }),
  ),
});
export type Open311Discovery = Static<typeof Open311Discovery>;

/** GET tokens/{token}: the requests a token stands for. */
export const Open311TokenList = Type.Array(Type.Object({ service_request_id: Type.String(), token: Type.String() }));

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
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 200 })),
});
export type Open311RequestsQuery = Static<typeof Open311RequestsQuery>;

export const Open311Created = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    token: Type.String(),
    service_notice: Type.String(),
    account_id: Nullable(Type.String()),
  }),
);
