import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '@nuanxin/shared/common/schemas';
import { principalOf } from './guard.js';
import { loadMe } from './me.js';

const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/me', {
    schema: { tags: ['accounts'], summary: '当前用户', security: [{ bearer: [] }], response: { 200: Type.Ref('Me'), ...errorResponses } },
    config: { auth: { roles: 'any' } },
    handler: async (request) => loadMe(app.db, principalOf(request).userId),
  });
};

export default accountRoutes;
