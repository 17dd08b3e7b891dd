import type { LightMyRequestResponse } from 'fastify';

const CHINESE = /[\u4e00-\u9fa5]/;
const ERROR_KEYS = new Set(['code', 'message', 'field', 'requestId']);

/**
 * Asserts an API error: the status, the stable code, a Chinese message for people and no keys
 * beyond `{ code, message, field?, requestId? }`. Returns the body for further checks.
 */
export function expectError(
  res: LightMyRequestResponse,
  status: number,
  code: string,
): { code: string; message: string; field?: string; requestId?: string } {
  const body = res.json();
  expect({ status: res.statusCode, code: body.code }).toEqual({ status, code });
  expect(body.message).toMatch(CHINESE);
  expect(Object.keys(body).filter((k) => !ERROR_KEYS.has(k))).toEqual([]);
  return body;
}
