import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createActivitiesContext } from './context.js';
import activityRoutes from './routes.js';

/** 活动 · 课程: community activities and courses, sign-ups with a waiting list, check-in for points. */
export default fp(
  async function activitiesJob(app: FastifyInstance) {
    const ctx = createActivitiesContext(app.db, app.config, app.clock);
    await app.register(activityRoutes, { prefix: '/api/v1/activities', ctx });
  },
  { name: 'activities', dependencies: ['auth', 'points', 'notifications'] },
);
