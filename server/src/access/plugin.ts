import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createAccessContext } from './context.js';
import accessRoutes from './routes.js';

/** 暖新码 access: rider profile and passes, gate codes and scans, review, gates, guide, log, devices. */
export default fp(
  async function access(app: FastifyInstance) {
    // One context per app: the scan limiter and the smart gates' wake-ups live in it.
    const ctx = createAccessContext(app.db, app.config, app.clock);
    await app.register(accessRoutes, { prefix: '/api/v1/access', ctx });
  },
  { name: 'access', dependencies: ['auth'] },
);
