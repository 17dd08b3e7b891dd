import { ERROR_MESSAGES } from '@nuanxin/shared/common/errors';
import type { ErrorShape } from '../../platform/plugins/errors.js';
import { formatOf, toXml, XML_TYPE } from './format.js';

export const OPEN311_PREFIX = '/open311/v2';

/**
 * Every error answered under the Open311 prefix, in the standard's shape: the app's
 * `{code, message}` becomes `[{code: status, description}]` (`<errors><error>` in XML, the default).
 *
 * An app-wide error shape, not a hook inside the Open311 routes' plugin, because some errors are
 * raised by the router before any route is chosen (a path segment longer than it takes, bad
 * percent-encoding): those replies pass no route's hooks.
 */
export const open311Errors: ErrorShape = (request, reply, payload) => {
  if (!request.url.startsWith(`${OPEN311_PREFIX}/`)) return payload;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return payload;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return payload;
  const { message } = parsed as { message?: unknown };
  const status = reply.statusCode;
  const errors = [
    {
      code: status,
      description:
        typeof message === 'string' ? message : ERROR_MESSAGES[status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'],
    },
  ];
  if (formatOf(request.url) === 'xml') {
    reply.type(XML_TYPE);
    return toXml('errors', errors);
  }
  reply.type('application/json; charset=utf-8');
  return JSON.stringify(errors);
};
