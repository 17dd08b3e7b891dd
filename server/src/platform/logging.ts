import type { FastifyRequest } from 'fastify';
import pino, { type LoggerOptions } from 'pino';

// Mainland mobile numbers and 18-character resident IDs, wherever they appear in free text.
const PHONE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
// Bounded by non-digits only, so `idNumber110105…` in a query string is caught too.
const ID_NUMBER = /(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?![0-9])/g;

/** Masks phone and ID numbers in a string: 13812345678 → 138****5678. */
export function maskPii(text: string): string {
  return text.replace(ID_NUMBER, '$1********$2').replace(PHONE, '$1****$2');
}

const SECRET_KEYS = [
  'authorization',
  'cookie',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'code',
  'sessionKey',
  'session_key',
  'secret',
  'phone',
  'idNumber',
  'id_number',
];

/**
 * pino options: secrets and personal numbers never reach a log line (PIPL). Structured fields are
 * redacted by path; free text (messages, URLs) is masked by pattern.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        ...SECRET_KEYS.map((k) => `*.${k}`),
        ...SECRET_KEYS.map((k) => `*.*.${k}`),
      ],
      censor: '[REDACTED]',
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPii(a) : a));
        return method.apply(this, masked as Parameters<typeof method>);
      },
    },
    serializers: {
      // Error messages can quote input (a phone typed into the wrong field): mask them too.
      err(error: Error) {
        const serialized = pino.stdSerializers.err(error);
        return {
          ...serialized,
          message: maskPii(serialized.message),
          ...(serialized.stack ? { stack: maskPii(serialized.stack) } : {}),
        };
      },
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: maskPii(request.url.replace(/([?&](?:token|code|refreshToken|access_token)=)[^&]*/gi, '$1[REDACTED]')),
          remoteAddress: request.ip,
        };
      },
    },
  };
}
