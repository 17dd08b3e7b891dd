import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CreateInvitationBody,
  InvitationList,
  InvitationQuery,
  InvitationSummary,
  InvitationTargets,
  DemoAccountList,
  DemoLoginBody,
  Invitation,
  RedeemInvitationBody,
  RefreshBody,
  WxLoginBody,
} from '@nuanxin/shared/auth/schemas';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { acting } from './actor.js';
import type { AuthContext } from './context.js';
import { invitationTargets } from './invitation-targets.js';
import { createInvitation, listInvitations, redeemInvitation, revokeInvitation } from './invitations.js';
import { listDemoAccounts, loginAsDemo, loginWithWeChat } from './login.js';
import { revokeAllForUser, revokeFamily, rotateRefreshToken } from './tokens.js';

const tokenResponse = {
  200: Type.Ref('TokenPair'),
  ...errorResponses,
  409: Type.Ref('ErrorBody'),
  410: Type.Ref('ErrorBody'),
  502: Type.Ref('ErrorBody'),
  503: Type.Ref('ErrorBody'),
};

/** Who issues invitations (what each may issue: INVITABLE_ROLES, enforced in invitations.ts). */
const inviters = { auth: { roles: ['district_admin', 'street_operator', 'community_admin'] as const } };

const authRoutes: FastifyPluginAsyncTypebox<{ ctx: AuthContext; loginRateLimitPerMinute: number }> = async (
  app,
  { ctx, loginRateLimitPerMinute },
) => {
  // Sensitive routes: limited per client address so codes and tokens cannot be brute-forced.
  const loginLimit = { max: loginRateLimitPerMinute, timeWindow: '1 minute' };

  app.post('/wx-login', {
    schema: { tags: ['auth'], summary: '微信登录 (wx.login code)', body: WxLoginBody, response: tokenResponse },
    config: { auth: 'public', rateLimit: loginLimit },
    handler: async (request) => loginWithWeChat(ctx, request.body),
  });

  app.get('/demo-accounts', {
    schema: {
      tags: ['auth'],
      summary: '演示账号 (demo mode only)',
      response: { 200: DemoAccountList, ...errorResponses },
    },
    config: { auth: 'public' },
    handler: async () => ({ accounts: await listDemoAccounts(ctx) }),
  });

  app.post('/demo-login', {
    schema: { tags: ['auth'], summary: '演示登录 (demo mode only)', body: DemoLoginBody, response: tokenResponse },
    config: { auth: 'public', rateLimit: loginLimit },
    handler: async (request) => loginAsDemo(ctx, request.body),
  });

  app.post('/refresh', {
    schema: {
      tags: ['auth'],
      summary: '刷新登录 (rotating refresh token)',
      body: RefreshBody,
      response: tokenResponse,
    },
    config: { auth: 'public', rateLimit: loginLimit },
    handler: async (request) => rotateRefreshToken(ctx, request.body),
  });

  app.post('/logout', {
    schema: {
      tags: ['auth'],
      summary: '退出登录 (this device)',
      body: RefreshBody,
      response: { 204: Type.Null(), ...errorResponses },
    },
    config: { auth: 'public', rateLimit: loginLimit },
    handler: async (request, reply) => {
      await revokeFamily(ctx, request.body);
      return reply.status(204).send(null);
    },
  });

  app.post('/logout-all', {
    schema: {
      tags: ['auth'],
      summary: '退出所有设备',
      security: [{ bearer: [] }],
      response: { 204: Type.Null(), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request, reply) => {
      await revokeAllForUser(acting(ctx, request));
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
    config: inviters,
    handler: async (request, reply) =>
      reply.status(201).send(await createInvitation(acting(ctx, request), request.body)),
  });

  app.get('/invitations', {
    schema: {
      tags: ['auth'],
      summary: '我可查看的邀请码（状态、使用人，分页）',
      security: [{ bearer: [] }],
      querystring: InvitationQuery,
      response: { 200: InvitationList, ...errorResponses },
    },
    config: inviters,
    handler: async (request) => listInvitations(acting(ctx, request), request.query),
  });

  app.get('/invitations/targets', {
    schema: {
      tags: ['auth'],
      summary: '可邀请的角色与范围（街道、社区、商户、队伍）',
      security: [{ bearer: [] }],
      response: { 200: InvitationTargets, ...errorResponses },
    },
    config: inviters,
    handler: async (request) => invitationTargets(acting(ctx, request)),
  });

  app.post('/invitations/:id/revoke', {
    schema: {
      tags: ['auth'],
      summary: '撤销未使用的邀请码',
      security: [{ bearer: [] }],
      params: IdParams,
      response: { 200: InvitationSummary, ...errorResponses, 409: Type.Ref('ErrorBody'), 410: Type.Ref('ErrorBody') },
    },
    config: inviters,
    handler: async (request) => revokeInvitation(acting(ctx, request), request.params),
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
    handler: async (request) => redeemInvitation(acting(ctx, request), request.body),
  });
};

export default authRoutes;
