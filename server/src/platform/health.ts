import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'drizzle-orm';
import { DB_RETRY_AFTER_SECONDS } from './faults.js';

const Status = Type.Object({ status: Type.String(), engine: Type.Optional(Type.String()) });

/** Liveness (the process answers) and readiness (the database answers) for load balancers. */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', {
    schema: { tags: ['ops'], summary: 'Liveness', response: { 200: Status } },
    handler: async () => ({ status: 'ok' }),
  });
  app.get('/ready', {
    schema: {
      tags: ['ops'],
      summary: 'Readiness: database reachable',
      response: { 200: Status, 503: Type.Ref('ErrorBody') },
    },
    handler: async (request, reply) => {
      try {
        await app.db.execute(sql`select 1`);
        return { status: 'ready', engine: app.database.engine };
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed');
        return reply
          .status(503)
          .header('retry-after', String(DB_RETRY_AFTER_SECONDS))
          .send({ code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' });
      }
    },
  });
};

export default healthRoutes;
