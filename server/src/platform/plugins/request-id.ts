import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Every answer names its request id (fastify-options.ts makes or keeps it), so a user's report finds its log lines. */
export default fp(
  async function requestIdPlugin(app: FastifyInstance) {
    app.addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
  },
  { name: 'request-id' },
);
