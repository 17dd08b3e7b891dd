import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { CaseDetail } from '@nuanxin/shared/legal/schemas';
import { Type } from '@sinclair/typebox';
import { createLegalContext } from './context.js';
import legalRoutes from './routes.js';
import legalMediaRoutes from './media.js';
import type { PhotoStorage } from '../reports/index.js';

/** 法律援助 · 一站式调解: riders' cases, the district mediation centre's steps, signed attachment links. */
export default fp(
  async function legal(app: FastifyInstance, opts: { storage?: PhotoStorage }) {
    const ctx = createLegalContext(app.db, app.config, app.clock, opts.storage);
    app.addSchema(Type.Composite([CaseDetail], { $id: 'LegalCaseDetail' }));
    await app.register(legalRoutes, { prefix: '/api/v1', ctx });
    await app.register(legalMediaRoutes, { ctx });
  },
  { name: 'legal', dependencies: ['auth', 'multipart', 'notifications'] },
);
