import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { FIELD_LABELS } from '@nuanxin/shared/common/field-labels';
import { badRequest } from '../app-error.js';

/** Deepest nesting looked into; request schemas are far shallower. */
const MAX_DEPTH = 8;

/** The path of the first string holding a NUL character, or null. */
export function findNul(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key];
    const found = findNul(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** The path of the first number that is not finite (`Infinity` after coercion, `1e999` in JSON), or null. */
export function findNonFinite(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = findNonFinite(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

const labelOf = (path: string[]) => {
  const name = [...path].reverse().find((p) => !/^\d+$/.test(p));
  return (name && (FIELD_LABELS as Record<string, string>)[name]) || undefined;
};

/** Refuses a NUL character in text: 400 TEXT_HAS_NUL naming the field in Chinese. */
export function refuseNul(value: unknown, part: string): void {
  const path = findNul(value);
  if (!path) return;
  const label = labelOf(path) ?? '提交的内容';
  throw badRequest('TEXT_HAS_NUL', `${label}含有不允许的空字符`, path.join('.') || part);
}

/** Refuses a number that is not finite: 400 NUMBER_NOT_FINITE naming the field in Chinese. */
function refuseNonFinite(value: unknown, part: string): void {
  const path = findNonFinite(value);
  if (!path) return;
  throw badRequest('NUMBER_NOT_FINITE', `${labelOf(path) ?? '数字'}必须是有限的数字`, path.join('.') || part);
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
      refuseNul(request.params, 'params');
      refuseNul(request.query, 'querystring');
      refuseNul(request.body, 'body');
    });
    // After validation has coerced the query's text to numbers: `Infinity`, `1e309` (and `1e999`
    // in JSON) are numbers to the validator, and a field without its own bounds would take them
    // through to SQL. Refused for every route before its handler.
    app.addHook('preHandler', async (request) => {
      refuseNonFinite(request.params, 'params');
      refuseNonFinite(request.query, 'querystring');
      refuseNonFinite(request.body, 'body');
    });
  },
  { name: 'input-guard' },
);
