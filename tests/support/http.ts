import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

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

/**
 * Runs `work` while asking /health again and again; how many answers came back meanwhile (an
 * upload whose checks held the event loop would leave none).
 */
export async function healthDuring<T>(
  app: FastifyInstance,
  work: Promise<T>,
): Promise<{ result: T; answered: number }> {
  let done = false;
  let answered = 0;
  const probe = (async () => {
    while (!done) {
      const res = await app.inject({ method: 'GET', url: '/health' });
      if (res.statusCode === 200) answered++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const result = await work.finally(() => (done = true));
  await probe;
  return { result, answered };
}

/**
 * The same signed URL with the first character of its signature changed — always to a different
 * one (replacing it with a fixed letter left the URL intact whenever the signature began with
 * that letter: one run in 64 passed a tampered link as valid).
 */
export function tamperSignature(url: string): string {
  const tampered = url.replace(/([?&]sig=)(.)/, (_, key: string, c: string) => `${key}${c === 'A' ? 'B' : 'A'}`);
  if (tampered === url) throw new Error(`no sig= in ${url}`);
  return tampered;
}
