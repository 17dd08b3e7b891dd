import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '@nuanxin/shared/common/schemas';
import { acting } from './actor.js';
import type { AuthContext } from './context.js';
import { getMe } from './me.js';

/** The caller's own account (`/api/v1/me`). */
const accountRoutes: FastifyPluginAsyncTypebox<{ ctx: AuthContext }> = async (app, { ctx }) => {
  app.get('/me', {
    schema: {
      tags: ['accounts'],
      summary: '当前用户',
      security: [{ bearer: [] }],
      response: { 200: Type.Ref('Me'), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request) => getMe(acting(ctx, request)),
  });
};

export default accountRoutes;
