import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import notificationRoutes from './routes.js';

/** The rider's and staff's inbox; delivery (subscribe messages) runs in worker.ts, started by server.ts. */
export default fp(
  async function notifications(app: FastifyInstance) {
    await app.register(notificationRoutes, { prefix: '/api/v1' });
  },
  { name: 'notifications', dependencies: ['auth'] },
);
