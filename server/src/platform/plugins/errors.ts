import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ERROR_MESSAGES, type ErrorCode } from '@nuanxin/shared/common/errors';
import { ErrorBody } from '@nuanxin/shared/common/schemas';
import { AppError } from '../app-error.js';

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fieldOf(issue: AjvIssue, context: string | undefined): string {
  const missing = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  const pathParts = (issue.instancePath ?? '').split('/').filter(Boolean);
  if (typeof missing === 'string') pathParts.push(missing);
  return pathParts.join('.') || context || 'body';
}

function describe(issue: AjvIssue, field: string): string {
  switch (issue.keyword) {
    case 'required':
      return `缺少必填字段 ${field}`;
    case 'additionalProperties':
      return `不支持的字段 ${field}`;
    case 'type':
      return `字段 ${field} 的类型不正确`;
    case 'minLength':
    case 'maxLength':
      return `字段 ${field} 的长度不符合要求`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `字段 ${field} 超出允许范围`;
    case 'minItems':
    case 'maxItems':
      return `字段 ${field} 的数量不符合要求`;
    case 'format':
    case 'pattern':
      return `字段 ${field} 的格式不正确`;
    default:
      return `字段 ${field} 的取值不正确`;
  }
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
          const field = fieldOf(issue, error.validationContext);
          return reply.status(400).send({ code: 'VALIDATION_FAILED', message: describe(issue, field), field });
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
