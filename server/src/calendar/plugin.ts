import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createCalendarContext } from './context.js';
import calendarRoutes from './routes.js';

/** 节假日与调休: the working-day calendar (public holidays, make-up working days) and its staff page. */
export default fp(
  async function calendar(app: FastifyInstance) {
    const ctx = createCalendarContext(app.db, app.config, app.clock);
    await app.register(calendarRoutes, { prefix: '/api/v1', ctx });
  },
  { name: 'calendar', dependencies: ['auth'] },
);
