import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { badRequest } from '../app-error.js';
import { labelOfPath, routeLabels, type RequestPart, type SchemaLookup } from '../field-labels.js';

/** Deepest nesting looked into; request schemas are far shallower. */
const MAX_DEPTH = 8;

/** The path of the first value (or key) `bad` picks out, walking objects and arrays; or null. */
function findPath(value: unknown, bad: (v: unknown) => boolean, path: string[] = [], depth = 0): string[] | null {
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return bad(value) ? path : null;
  if (depth > MAX_DEPTH) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (bad(key)) return [...path, key];
    const found = findPath(inner, bad, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

const hasNul = (v: unknown) => typeof v === 'string' && v.includes('\u0000');
/** `Infinity` after the validator coerced a query's text, or `1e999` in JSON. */
const nonFinite = (v: unknown) => typeof v === 'number' && !Number.isFinite(v);

/** The Chinese name of the input at `path`, the way validation messages name it (field-labels.ts). */
function labelOf(request: FastifyRequest | undefined, part: RequestPart, path: string[]): string {
  const root = request?.routeOptions.schema?.[part as keyof FastifySchema];
  const lookup: SchemaLookup = (id) => request?.server.getSchema(id);
  return labelOfPath(root, path, lookup, part, routeLabels(request?.routeOptions.url));
}

/** Refuses a NUL character in text: 400 TEXT_HAS_NUL naming the field in Chinese. */
export function refuseNul(value: unknown, part: RequestPart, request?: FastifyRequest): void {
  const path = findPath(value, hasNul);
  if (!path) return;
  throw badRequest('TEXT_HAS_NUL', `${labelOf(request, part, path)}含有不允许的空字符`, path.join('.') || part);
}

/**
 * A subnormal double (0 < |x| < 2.2e-308, e.g. `-4.4e-323`): JavaScript keeps it, PostgreSQL's
 * double precision refuses it as out of range (a 500 the schema fuzz found on PostgreSQL only).
 */
const subnormal = (v: unknown) => typeof v === 'number' && v !== 0 && Math.abs(v) < MIN_NORMAL;
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Refuses a number that is not finite (400 NUMBER_NOT_FINITE) or too close to zero for PostgreSQL
 * (400 NUMBER_OUT_OF_RANGE), naming the field in Chinese.
 */
function refuseNonFinite(value: unknown, part: RequestPart, request: FastifyRequest): void {
  const path = findPath(value, nonFinite);
  if (path)
    throw badRequest('NUMBER_NOT_FINITE', `${labelOf(request, part, path)}必须是有限的数字`, path.join('.') || part);
  const tiny = findPath(value, subnormal);
  if (tiny)
    throw badRequest(
      'NUMBER_OUT_OF_RANGE',
      `${labelOf(request, part, tiny)}超出可用的数字范围`,
      tiny.join('.') || part,
    );
}

/**
 * Text with a NUL character (`\0`, `%00`) is refused for every route before validation: no
 * person types one, PostgreSQL rejects it in text (a 500 otherwise), and it truncates strings in C
 * code downstream. Path parameters, the query string and a parsed body are checked; multipart
 * fields are checked where they are read (reports/multipart-input.ts).
 */
export default fp(
  async function inputGuardPlugin(app: FastifyInstance) {
    app.addHook('preValidation', async (request) => {
      refuseNul(request.params, 'params', request);
      refuseNul(request.query, 'querystring', request);
      refuseNul(request.body, 'body', request);
    });
    // After validation has coerced the query's text to numbers: `Infinity`, `1e309` (and `1e999`
    // in JSON) are numbers to the validator, and a field without its own bounds would take them
    // through to SQL. Refused for every route before its handler.
    app.addHook('preHandler', async (request) => {
      refuseNonFinite(request.params, 'params', request);
      refuseNonFinite(request.query, 'querystring', request);
      refuseNonFinite(request.body, 'body', request);
    });
  },
  { name: 'input-guard' },
);
