// The schema helpers every job's schemas.ts builds on, defined once here so that a nullable field,
// a timestamp or an enum reads (and validates) the same in every job's API. TypeBox: server-side
// only; the mini-program imports types from these files, never values.
import {
  Type,
  type SchemaOptions,
  type Static,
  type TLiteral,
  type TProperties,
  type TSchema,
  type TUnion,
} from '@sinclair/typebox';

/**
 * A union of string literals (an `as const` list from a constants file). The static type is the
 * literal union, not `string`, so a response built from it type-checks against the constants.
 */
export const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<TLiteral<T>[]>;

/**
 * `T | null` as a union. Not for a request field the validator coerces (a number from a query
 * string): Ajv coerces per union branch, so null could become 0 — see `NullableNumber` in points.
 */
export const Nullable = <T extends TSchema>(schema: T, options?: SchemaOptions) =>
  Type.Union([schema, Type.Null()], options);

/** An instant, ISO 8601 with a zone, as every timestamp leaves the API. */
export const DateTime = Type.String({ format: 'date-time' });

/** A row id (every table's primary key is a uuid). */
export const Id = Type.String({ format: 'uuid' });

/** Request bodies and queries refuse unknown properties. */
export const strict = <P extends TProperties>(properties: P) =>
  Type.Object(properties, { additionalProperties: false });

/** `{ items: T[] }`, the shape of a list response. */
export const listOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable machine code, e.g. VALIDATION_FAILED' }),
    message: Type.String({ description: 'Chinese message for people' }),
    field: Type.Optional(Type.String({ description: 'The offending input, for validation errors' })),
    requestId: Type.Optional(Type.String()),
  },
  { $id: 'ErrorBody', title: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Standard error responses, to spread into a route's `response` map. */
export const errorResponses = {
  400: Type.Ref('ErrorBody'),
  401: Type.Ref('ErrorBody'),
  403: Type.Ref('ErrorBody'),
  404: Type.Ref('ErrorBody'),
  429: Type.Ref('ErrorBody'),
} as const;

export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;
