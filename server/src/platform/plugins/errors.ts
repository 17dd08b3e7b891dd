import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ERROR_MESSAGES, type ErrorCode } from '@nuanxin/shared/common/errors';
import { ErrorBody } from '@nuanxin/shared/common/schemas';
import { AppError } from '../app-error.js';
import { isDatabaseUnavailable } from '../../db/errors.js';
import { DB_RETRY_AFTER_SECONDS, isStorageFull } from '../faults.js';
import {
  labelOfPath,
  REQUEST_PARTS,
  routeLabels,
  schemaAtPath,
  type RequestPart,
  type SchemaLookup,
} from '../field-labels.js';

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** A route's input schemas, as declared (collected for the label test and for messages). */
export interface RouteInputs {
  method: string | string[];
  url: string;
  schemas: Partial<Record<RequestPart, unknown>>;
}

/**
 * Rewrites an error body (`{code, message}` as JSON) for clients that expect another shape under
 * some prefix (Open311's `<errors>`); returns the payload unchanged when it is not its business.
 */
export type ErrorShape = (request: FastifyRequest, reply: FastifyReply, payload: string) => string;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route's body/querystring/params/headers schemas, in registration order. */
    routeInputs: RouteInputs[];
    /** Error shapes other than ours, applied to every error answer (also the router's own). */
    errorShapes: ErrorShape[];
  }
}

/** An error payload through every registered shape. */
export function shapeError(request: FastifyRequest, reply: FastifyReply, payload: string): string {
  let shaped = payload;
  for (const shape of request.server.errorShapes ?? []) shaped = shape(request, reply, shaped);
  return shaped;
}

/** The machine path of the offending input: `items.0.name` (the `field` of the error body). */
function pathOf(issue: AjvIssue): string[] {
  const missing = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  const parts = (issue.instancePath ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  if (typeof missing === 'string') parts.push(missing);
  return parts;
}

const limitOf = (issue: AjvIssue) => (typeof issue.params?.limit === 'number' ? issue.params.limit : undefined);

function describe(issue: AjvIssue, label: string): string {
  const limit = limitOf(issue);
  switch (issue.keyword) {
    case 'required':
      return `请填写${label}`;
    case 'additionalProperties':
      return `不支持的内容：${label}`;
    case 'type':
      return `${label}的类型不正确`;
    case 'minLength':
      return limit === 1 ? `请填写${label}` : `${label}至少 ${limit} 个字`;
    case 'maxLength':
      return `${label}最多 ${limit} 个字`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${label}超出允许范围`;
    case 'minItems':
      return limit === 1 ? `请至少选择一项${label}` : `${label}至少 ${limit} 项`;
    case 'maxItems':
      return `${label}最多 ${limit} 项`;
    case 'uniqueItems':
      return `${label}有重复的项`;
    case 'format':
    case 'pattern':
      return `${label}的格式不正确`;
    default:
      return `${label}的取值不正确`;
  }
}

/**
 * Every required property missing next to the one Ajv reported (Ajv stops at the first), so an
 * empty form hears all it lacks at once: 请填写：真实姓名、手机号、配送平台.
 */
function missingAround(
  request: FastifyRequest,
  part: RequestPart,
  parentPath: string[],
  lookup: SchemaLookup,
): string[] | null {
  const root = request.routeOptions.schema?.[part as keyof FastifySchema];
  const input = (request as unknown as Record<string, unknown>)[part === 'querystring' ? 'query' : part];
  let value: unknown = input;
  for (const seg of parentPath)
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[seg] : undefined;
  if (!value || typeof value !== 'object') return null;
  const required = new Set<string>();
  for (const v of schemaAtPath(root, parentPath, lookup)) for (const name of v.required ?? []) required.add(name);
  const missing = [...required].filter((name) => (value as Record<string, unknown>)[name] === undefined);
  return missing.length > 0 ? missing : null;
}

/** Fastify's own client errors, mapped to stable codes. */
const FASTIFY_CODES: Record<string, { status: number; code: ErrorCode }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'BAD_JSON' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'BAD_JSON' },
  FST_ERR_JWT_INVALID_SIGNATURE: { status: 401, code: 'TOKEN_INVALID' },
  FST_JWT_AUTHORIZATION_TOKEN_EXPIRED: { status: 401, code: 'TOKEN_EXPIRED' },
  FST_JWT_AUTHORIZATION_TOKEN_INVALID: { status: 401, code: 'TOKEN_INVALID' },
  FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED: { status: 401, code: 'TOKEN_INVALID' },
  FST_JWT_BAD_REQUEST: { status: 401, code: 'TOKEN_INVALID' },
  FST_JWT_BAD_COOKIE_REQUEST: { status: 401, code: 'TOKEN_INVALID' },
  FST_JWT_NO_AUTHORIZATION_IN_HEADER: { status: 401, code: 'UNAUTHENTICATED' },
  FST_ERR_VALIDATION: { status: 400, code: 'VALIDATION_FAILED' },
  FST_ERR_NOT_FOUND: { status: 404, code: 'ROUTE_NOT_FOUND' },
};

/**
 * One error handler: every error body is `{ code, message, field?, requestId? }`. Client
 * mistakes are 4xx with a Chinese message; a 5xx never shows its details and is logged with the
 * request id so support can find it.
 */
export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    // The one error shape of every route; routes refer to it as `ErrorBody`.
    app.addSchema(ErrorBody);
    const routeInputs: RouteInputs[] = [];
    app.decorate('routeInputs', routeInputs);
    app.decorate('errorShapes', [] as ErrorShape[]);
    app.addHook('onSend', async (request, reply, payload) =>
      reply.statusCode >= 400 && typeof payload === 'string' ? shapeError(request, reply, payload) : payload,
    );
    app.addHook('onRoute', (route: RouteOptions) => {
      const schemas: RouteInputs['schemas'] = {};
      for (const part of REQUEST_PARTS) {
        const schema = route.schema?.[part as keyof FastifySchema];
        if (schema) schemas[part] = schema;
      }
      routeInputs.push({ method: route.method, url: route.url, schemas });
    });
    const lookup: SchemaLookup = (id) => app.getSchema(id);
    app.setErrorHandler(
      (error: FastifyError & { validation?: AjvIssue[]; validationContext?: string }, request, reply) => {
        if (error instanceof AppError) {
          if (error.status >= 500) request.log.warn({ code: error.code }, error.message);
          return reply.status(error.status).send({
            code: error.code,
            message: error.message,
            ...(error.field ? { field: error.field } : {}),
            ...(error.status >= 500 ? { requestId: request.id } : {}),
          });
        }
        if (error.validation && error.validation.length > 0) {
          const issue = error.validation[0]!;
          const part = (REQUEST_PARTS as readonly string[]).includes(error.validationContext ?? '')
            ? (error.validationContext as RequestPart)
            : 'body';
          const path = pathOf(issue);
          const root = request.routeOptions.schema?.[part as keyof FastifySchema];
          const field = path.join('.') || part;
          const overrides = routeLabels(request.routeOptions.url);
          if (issue.keyword === 'required') {
            const parent = path.slice(0, -1);
            const missing = missingAround(request, part, parent, lookup);
            if (missing && missing.length > 1) {
              const labels = missing.map((name) => labelOfPath(root, [...parent, name], lookup, part, overrides));
              return reply
                .status(400)
                .send({ code: 'VALIDATION_FAILED', message: `请填写：${labels.join('、')}`, field });
            }
          }
          const label = labelOfPath(root, path, lookup, part, overrides);
          return reply.status(400).send({ code: 'VALIDATION_FAILED', message: describe(issue, label), field });
        }
        const known = error.code ? FASTIFY_CODES[error.code] : undefined;
        if (known) {
          return reply.status(known.status).send({ code: known.code, message: ERROR_MESSAGES[known.code] });
        }
        if (error.statusCode === 429) {
          return reply.status(429).send({ code: 'RATE_LIMITED', message: ERROR_MESSAGES.RATE_LIMITED });
        }
        if (error instanceof SyntaxError) {
          return reply.status(400).send({ code: 'BAD_JSON', message: ERROR_MESSAGES.BAD_JSON });
        }
        if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
          request.log.info({ err: error }, 'client error');
          return reply
            .status(error.statusCode)
            .send({ code: 'VALIDATION_FAILED', message: ERROR_MESSAGES.VALIDATION_FAILED });
        }
        // Faults of what the API stands on, not of the request: a clear code and a retry hint,
        // never a 500 (server/src/platform/README.md, "Faults").
        if (isDatabaseUnavailable(error)) {
          request.log.warn({ err: error }, 'database unavailable');
          return reply
            .status(503)
            .header('retry-after', String(DB_RETRY_AFTER_SECONDS))
            .send({ code: 'DB_UNAVAILABLE', message: ERROR_MESSAGES.DB_UNAVAILABLE, requestId: request.id });
        }
        if (isStorageFull(error)) {
          request.log.error({ err: error }, 'storage full');
          return reply
            .status(507)
            .send({ code: 'STORAGE_FULL', message: ERROR_MESSAGES.STORAGE_FULL, requestId: request.id });
        }
        request.log.error({ err: error }, 'unhandled error');
        return reply.status(500).send({ code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL, requestId: request.id });
      },
    );

    app.setNotFoundHandler((request, reply) => {
      reply.status(404).send({ code: 'ROUTE_NOT_FOUND', message: ERROR_MESSAGES.ROUTE_NOT_FOUND });
    });
  },
  { name: 'errors' },
);
