import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Me, TokenPair } from '@nuanxin/shared/auth/schemas';
import guardPlugin from './guard.js';
import authRoutes from './routes.js';
import accountRoutes from './account-routes.js';

/** Sign-in, tokens, invitations, the guard every route passes, and the caller's own account. */
export default fp(
  async function auth(app: FastifyInstance) {
    app.addSchema(Me);
    app.addSchema(TokenPair);
    await app.register(guardPlugin);
    await app.register(authRoutes, { prefix: '/api/v1/auth', config: app.config, wechat: app.wechat });
    await app.register(accountRoutes, { prefix: '/api/v1' });
  },
  { name: 'auth', dependencies: ['config', 'db', 'jwt', 'rate-limit', 'wechat'] },
);
