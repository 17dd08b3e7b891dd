import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createTasksContext } from './context.js';
import taskRoutes from './routes.js';
import { registerCommunityPhotoRoute } from '../media/index.js';

/** 随手帮 volunteer tasks: posted by a community or street, claimed by riders, confirmed → points. */
export default fp(
  async function tasks(app: FastifyInstance) {
    const ctx = createTasksContext(app.db, app.config, app.clock);
    await app.register(taskRoutes, { prefix: '/api/v1', ctx });
    // The community jobs' photos (随手帮 and 微心愿 share one store and one route).
    registerCommunityPhotoRoute(app, app.db, ctx.photos);
  },
  { name: 'tasks', dependencies: ['auth', 'points', 'notifications'] },
);
