import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createSuggestionsContext } from './context.js';
import suggestionRoutes from './routes.js';

/** 骑思妙想 suggestions: riders suggest, staff of the scope reply and decide; adoption earns points. */
export default fp(
  async function suggestionsJob(app: FastifyInstance) {
    const ctx = createSuggestionsContext(app.db, app.config, app.clock);
    await app.register(suggestionRoutes, { prefix: '/api/v1', ctx });
  },
  { name: 'suggestions', dependencies: ['auth', 'points', 'notifications'] },
);
