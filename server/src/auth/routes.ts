import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CreateInvitationBody,
  DemoAccountList,
  DemoLoginBody,
  Invitation,
  RedeemInvitationBody,
  RefreshBody,
  WxLoginBody,
} from '@nuanxin/shared/auth/schemas';
import { errorResponses } from '@nuanxin/shared/common/schemas';
import type { Config } from '../platform/config.js';
import { notFound } from '../platform/app-error.js';
import type { WeChatClient } from '../platform/wechat.js';
import { principalOf } from './guard.js';
import { createInvitation, redeemInvitation } from './invitations.js';
import { listDemoAccounts, loginAsDemo, loginWithWeChat } from './login.js';
import { revokeAllForUser, revokeFamily, rotateRefreshToken, type TokenContext } from './tokens.js';

const tokenResponse = { 200: Type.Ref('TokenPair'), ...errorResponses, 409: Type.Ref('ErrorBody'), 410: Type.Ref('ErrorBody'), 502: Type.Ref('ErrorBody'), 503: Type.Ref('ErrorBody') };

const authRoutes: FastifyPluginAsyncTypebox<{ config: Config; wechat: WeChatClient }> = async (app, { config, wechat }) => {
  const ctx: TokenContext = {
    app,
    db: app.db,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
    refreshReuseGraceSeconds: config.refreshReuseGraceSeconds,
  };
  // Sensitive routes: limited per client address so codes and tokens cannot be brute-forced.
  const loginLimit = { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' };

  app.post('/wx-login', {
    schema: { tags: ['auth'], summary: '微信登录 (wx.login code)', body: WxLoginBody, response: tokenResponse },
    config: { auth: 'public', rateLimit: loginLimit },
    handler: async (request) => loginWithWeChat({ ...ctx, wechat }, request.body),
  });

  app.get('/demo-accounts', {
    schema: { tags: ['auth'], summary: '演示账号 (demo mode only)', response: { 200: DemoAccountList, ...errorResponses } },
    config: { auth: 'public' },
    handler: async () => {
      if (!config.demoMode) throw notFound('DEMO_DISABLED');
      return { accounts: await listDemoAccounts(app.db) };
    },
  });

  app.post('/demo-login', {
    schema: { tags: ['auth'], summary: '演示登录 (demo mode only)', body: DemoLoginBody, response: tokenResponse },
    config: { auth: 'public', rateLimit: loginLimit },
    handler: async (request) => {
      if (!config.demoMode) throw notFound('DEMO_DISABLED');
      return loginAsDemo(ctx, request.body);
    },
  });

  app.post('/refresh', {
    schema: { tags: ['auth'], summary: '刷新登录 (rotating refresh token)', body: RefreshBody, response: tokenResponse },
    config: { auth: 'public', rateLimit: loginLimit },
    handler: async (request) => rotateRefreshToken(ctx, request.body.refreshToken),
  });

  app.post('/logout', {
    schema: { tags: ['auth'], summary: '退出登录 (this device)', body: RefreshBody, response: { 204: Type.Null(), ...errorResponses } },
    config: { auth: 'public', rateLimit: loginLimit },
    handler: async (request, reply) => {
      await revokeFamily(app.db, request.body.refreshToken);
      return reply.status(204).send(null);
    },
  });

  app.post('/logout-all', {
    schema: { tags: ['auth'], summary: '退出所有设备', security: [{ bearer: [] }], response: { 204: Type.Null(), ...errorResponses } },
    config: { auth: { roles: 'any' } },
    handler: async (request, reply) => {
      const { userId } = principalOf(request);
      await revokeAllForUser(app.db, userId);
      // This process's next request must not wait for the commit's notification.
      app.principals.forget(userId);
      return reply.status(204).send(null);
    },
  });

  app.post('/invitations', {
    schema: {
      tags: ['auth'],
      summary: '发放工作人员邀请码',
      security: [{ bearer: [] }],
      body: CreateInvitationBody,
      response: { 201: Invitation, ...errorResponses },
    },
    config: { auth: { roles: ['district_admin', 'community_admin'] } },
    handler: async (request, reply) => {
      const invitation = await createInvitation(
        { db: app.db, invitationTtlHours: config.invitationTtlHours },
        principalOf(request),
        request.body,
      );
      return reply.status(201).send(invitation);
    },
  });

  app.post('/invitations/redeem', {
    schema: {
      tags: ['auth'],
      summary: '使用邀请码绑定工作人员身份',
      security: [{ bearer: [] }],
      body: RedeemInvitationBody,
      response: tokenResponse,
    },
    config: { auth: { roles: 'any' }, rateLimit: loginLimit },
    handler: async (request) => {
      const { userId } = principalOf(request);
      try {
        return await redeemInvitation(ctx, userId, request.body.code);
      } finally {
        app.principals.forget(userId);
      }
    },
  });
};

export default authRoutes;
