import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Me, TokenPair } from '@nuanxin/shared/auth/schemas';
import { createAuthContext } from './context.js';
import guardPlugin from './guard.js';
import authRoutes from './routes.js';
import accountRoutes from './account-routes.js';
import webLoginRoutes from './web-login-routes.js';

/** Sign-in, tokens, invitations, the guard every route passes, and the caller's own account. */
export default fp(
  async function auth(app: FastifyInstance) {
    app.addSchema(Me);
    app.addSchema(TokenPair);
    await app.register(guardPlugin);
    const ctx = createAuthContext(
      app.db,
      app.config,
      {
        wechat: app.wechat,
        wechatWeb: app.wechatWeb,
        signAccessToken: (payload) => app.jwt.sign(payload),
        forget: (userId) => app.principals.forget(userId),
      },
      app.clock,
    );
    const { loginRateLimitPerMinute } = app.config;
    await app.register(authRoutes, { prefix: '/api/v1/auth', ctx, loginRateLimitPerMinute });
    await app.register(webLoginRoutes, {
      prefix: '/api/v1/auth',
      ctx,
      loginRateLimitPerMinute,
      publicUrl: app.config.wechatWeb.publicUrl,
    });
    await app.register(accountRoutes, { prefix: '/api/v1', ctx });
  },
  { name: 'auth', dependencies: ['config', 'db', 'jwt', 'rate-limit', 'wechat'] },
);
