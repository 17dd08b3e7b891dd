import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { loggerOptions } from './logging.js';

const REQUEST_ID = /^[\w-]{8,64}$/;

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
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  };
}
