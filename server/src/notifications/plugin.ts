import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createNotificationsContext } from './context.js';
import notificationRoutes from './routes.js';

/** The rider's and staff's inbox; delivery (subscribe messages) runs in worker.ts, started by server.ts. */
export default fp(
  async function notifications(app: FastifyInstance) {
    const ctx = createNotificationsContext(app.db, app.config, app.wechat, app.clock);
    await app.register(notificationRoutes, { prefix: '/api/v1', ctx });
  },
  { name: 'notifications', dependencies: ['auth', 'wechat'] },
);
