import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';

/**
 * Per-route limits (`config.rateLimit`) on sensitive routes only. The store is in memory: with
 * several API replicas, pass a shared Redis store here (README, "Scaling out").
 */
export default fp(
  async function rateLimitPlugin(app: FastifyInstance) {
    await app.register(rateLimit, { global: false });
  },
  { name: 'rate-limit' },
);
