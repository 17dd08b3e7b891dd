import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createHousingContext } from './context.js';
import housingRoutes from './routes.js';

/** 暖新公寓 housing: beds for riders, apartments and applications for their operators. */
export default fp(
  async function housing(app: FastifyInstance) {
    const ctx = createHousingContext(app.db, app.config, app.clock);
    await app.register(housingRoutes, { prefix: '/api/v1/housing', ctx });
  },
  { name: 'housing', dependencies: ['auth'] },
);
