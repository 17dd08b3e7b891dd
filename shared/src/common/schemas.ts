import { Type, type Static } from '@sinclair/typebox';

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

export const Id = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;
