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

/** Keys of a database driver's error that hold the statement's parameters: never logged. */
const QUERY_PARAMS = new Set(['params', 'parameters', 'values', 'args']);

/**
 * A serialized error with every string masked, at any depth (its cause, the driver's `query`,
 * `detail`, `where`), and the statement's parameters replaced by their count: a failed write's
 * parameters are the very input (a phone, an ID number) that must not reach a log line.
 */
function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPii(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      QUERY_PARAMS.has(k) && Array.isArray(v) ? `[${v.length} parameters]` : maskDeep(v, depth + 1),
    ]),
  );
}

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
      // Error messages can quote input (a phone typed into the wrong field), and a database
      // error carries the statement's parameters: masked and dropped (maskDeep).
      err(error: Error) {
        return maskDeep(pino.stdSerializers.err(error));
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
