import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createDashboardsContext } from './context.js';
import dashboardsRoutes from './routes.js';

/** 数据看板: period figures of 随手拍 and 暖新码 for a street operator (its street) and a district admin. */
export default fp(
  async function dashboards(app: FastifyInstance) {
    const ctx = createDashboardsContext(app.db, app.config, app.clock);
    app.addHook('onClose', async () => ctx.offLoop.close());
    await app.register(dashboardsRoutes, { prefix: '/api/v1/dashboards', ctx });
  },
  { name: 'dashboards', dependencies: ['auth'] },
);
