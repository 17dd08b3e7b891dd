import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createAuditContext } from './context.js';
import auditRoutes from './routes.js';

/** The audit log's read side; every job writes its rows itself with recordAudit (index.ts). */
export default fp(
  async function audit(app: FastifyInstance) {
    const ctx = createAuditContext(app.db, app.config, app.clock);
    await app.register(auditRoutes, { prefix: '/api/v1', ctx });
  },
  { name: 'audit', dependencies: ['auth'] },
);
