import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyServerOptions } from 'fastify';
import { ERROR_MESSAGES } from '@nuanxin/shared/common/errors';
import type { Config } from './config.js';
import { loggerOptions } from './logging.js';
import { shapeError } from './plugins/errors.js';

const REQUEST_ID = /^[\w-]{8,64}$/;

/** What ajv keeps of a format: a function, a regex, or an object with `validate`. */
type FormatCheck = ((s: string) => boolean) | RegExp | { validate: ((s: string) => boolean) | RegExp };
interface FormatsHost {
  formats: Record<string, FormatCheck | undefined>;
  addFormat(name: string, check: (s: string) => boolean): unknown;
}
const passes = (check: FormatCheck | undefined, s: string): boolean => {
  if (!check) return true;
  if (typeof check === 'function') return check(s);
  if (check instanceof RegExp) return check.test(s);
  return passes(check.validate, s);
};

/**
 * `date-time` as ajv-formats checks it (RFC 3339), and in a year PostgreSQL can store: year 0000
 * is valid ISO 8601 but out of range for it, and reached the database as a 500 (schema fuzz).
 * Run by the validator compiler after it has added ajv-formats' checks (`onCreate`).
 */
function storableDateTimes(ajv: unknown): void {
  const host = ajv as FormatsHost;
  const rfc3339 = host.formats['date-time'];
  host.addFormat('date-time', (s) => passes(rfc3339, s) && !s.startsWith('0000'));
}

/** Fastify's own options: logger, body limit, proxy trust, request ids, the validator's settings. */
export function fastifyOptions(config: Config, logStream?: NodeJS.WritableStream): FastifyServerOptions {
  return {
    logger: logStream
      ? { ...loggerOptions(config.logLevel), stream: logStream }
      : config.logPretty
        ? {
            ...loggerOptions(config.logLevel),
            transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } },
          }
        : loggerOptions(config.logLevel),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // A caller's own request id is kept when it looks like one, so a trace crosses services.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Errors the router raises before any route (and so before our error handler): a path with bad
    // percent-encoding, a path segment longer than the router takes. Our shape (or a prefix's own,
    // such as Open311's: these replies pass no hooks), never the path echoed.
    frameworkErrors: (error: FastifyError, request, reply) => {
      const code =
        error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'BAD_URL' : 'VALIDATION_FAILED';
      const answer = (reply as FastifyReply).status(400).type('application/json; charset=utf-8');
      void answer.send(shapeError(request, answer, JSON.stringify({ code, message: ERROR_MESSAGES[code] })));
    },
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: false,
      },
      onCreate: storableDateTimes,
    },
  };
}
