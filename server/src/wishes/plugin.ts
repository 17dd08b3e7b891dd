import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createWishesContext } from './context.js';
import wishRoutes from './routes.js';

/** 微心愿 wishes: riders wish, the scope's staff review, adopt and fulfil; the rider confirms. */
export default fp(
  async function wishesJob(app: FastifyInstance) {
    const ctx = createWishesContext(app.db, app.config, app.clock);
    await app.register(wishRoutes, { prefix: '/api/v1', ctx });
  },
  { name: 'wishes', dependencies: ['auth', 'notifications'] },
);
