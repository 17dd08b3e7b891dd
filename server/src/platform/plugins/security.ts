import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import cors from '@fastify/cors';
import helmet from 'helmet';

/** True when `origin` is allowed: exact match, or any port of an allowed localhost entry. */
export function originAllowed(origin: string, allowed: string[]): boolean {
  return allowed.some((entry) => {
    if (entry === '*') return true;
    if (origin === entry) return true;
    const local = /^https?:\/\/(localhost|127\.0\.0\.1)$/.exec(entry);
    return local !== null && new RegExp(`^${entry.replace(/\./g, '\\.')}(:\\d+)?$`).test(origin);
  });
}

/**
 * CORS that echoes allowed origins with credentials (Taro H5's uploadFile sends them, so `*` would
 * fail), and helmet headers. The API sends a strict CSP of its own; the H5 app and /docs are
 * served with helmet's defaults minus CSP, which their inline bootstraps would trip.
 *
 * helmet's middleware is built once, here, and run on every request. (@fastify/helmet, used before,
 * builds it again on each request: about 8 % of the API's CPU per gate scan, measured with
 * scripts/bench/access-scan's load.)
 */
export default fp(
  async function securityPlugin(app: FastifyInstance, opts: { corsOrigins: string[] }) {
    await app.register(cors, {
      credentials: true,
      origin: (origin, cb) => {
        if (!origin) return cb(null, true);
        cb(null, originAllowed(origin, opts.corsOrigins));
      },
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      exposedHeaders: ['x-request-id', 'retry-after'],
      maxAge: 600,
    });
    const securityHeaders = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
    app.addHook('onRequest', (request, reply, done) => {
      securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined));
    });
    app.addHook('onSend', async (request, reply) => {
      if (request.url.startsWith('/api/')) {
        reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
        reply.header('cache-control', 'no-store');
      }
    });
  },
  { name: 'security' },
);
