import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import accessRoutes from './routes.js';

/** 暖新码 access: rider profile and passes, gate codes and scans, review, gates, guide, log, devices. */
export default fp(
  async function access(app: FastifyInstance) {
    await app.register(accessRoutes, { prefix: '/api/v1/access', config: app.config.access });
  },
  { name: 'access', dependencies: ['auth'] },
);
