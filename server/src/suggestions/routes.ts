import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  DecisionBody,
  PublicSuggestion,
  PublicSuggestionList,
  ReplyBody,
  StaffSuggestion,
  StaffSuggestionList,
  SuggestBody,
  SuggestionTargetList,
  SupportResult,
  TargetQuery,
} from '@nuanxin/shared/suggestions/schemas';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import type { SuggestionsContext } from './context.js';
import { decideSuggestion, replySuggestion } from './decide.js';
import { mySuggestions, publicSuggestions, staffSuggestions } from './queries.js';
import { submitSuggestion, suggestionTargets } from './submit.js';
import { supportSuggestion } from './support.js';

const security = [{ bearer: [] }];
const tags = ['suggestions'];
const rider = { auth: { roles: ['rider'] as const } };
const staff = { auth: { roles: ['community_admin', 'street_operator', 'district_admin'] as const } };
const errors = { ...errorResponses, 409: Type.Ref('ErrorBody') };

/** 骑思妙想: riders' suggestions to a station, community or street; staff reply and decide. */
const suggestionRoutes: FastifyPluginAsyncTypebox<{ ctx: SuggestionsContext }> = async (app, { ctx }) => {
  app.get('/suggestions', {
    schema: {
      tags,
      summary: '大家的建议（不含个人信息）',
      security,
      response: { 200: PublicSuggestionList, ...errors },
    },
    config: rider,
    handler: async (request) => ({ items: await publicSuggestions(acting(ctx, request)) }),
  });
  app.get('/suggestions/mine', {
    schema: { tags, summary: '我的建议与回复', security, response: { 200: PublicSuggestionList, ...errors } },
    config: rider,
    handler: async (request) => ({ items: await mySuggestions(acting(ctx, request)) }),
  });
  app.get('/suggestions/targets', {
    schema: {
      tags,
      summary: '可提建议的驿站、社区、街道',
      security,
      querystring: TargetQuery,
      response: { 200: SuggestionTargetList, ...errors },
    },
    config: rider,
    handler: async (request) => ({ items: await suggestionTargets(acting(ctx, request), request.query) }),
  });
  app.post('/suggestions', {
    schema: { tags, summary: '提交建议', security, body: SuggestBody, response: { 201: PublicSuggestion, ...errors } },
    config: rider,
    handler: async (request, reply) =>
      reply.status(201).send(await submitSuggestion(acting(ctx, request), request.body)),
  });
  app.post('/suggestions/:id/support', {
    schema: {
      tags,
      summary: '支持 +1（每人一次）',
      security,
      params: IdParams,
      response: { 200: SupportResult, ...errors },
    },
    config: rider,
    handler: async (request) => supportSuggestion(acting(ctx, request), { id: request.params.id }),
  });

  app.get('/staff/suggestions', {
    schema: { tags, summary: '建议收件箱（本辖区）', security, response: { 200: StaffSuggestionList, ...errors } },
    config: staff,
    handler: async (request) => ({ items: await staffSuggestions(acting(ctx, request)) }),
  });
  app.post('/staff/suggestions/:id/reply', {
    schema: {
      tags,
      summary: '回复建议',
      security,
      params: IdParams,
      body: ReplyBody,
      response: { 200: StaffSuggestion, ...errors },
    },
    config: staff,
    handler: async (request) =>
      replySuggestion(acting(ctx, request), { id: request.params.id, reply: request.body.reply }),
  });
  app.post('/staff/suggestions/:id/decision', {
    schema: {
      tags,
      summary: '标记已收到 / 已采纳 / 未采纳',
      security,
      params: IdParams,
      body: DecisionBody,
      response: { 200: StaffSuggestion, ...errors },
    },
    config: staff,
    handler: async (request) => decideSuggestion(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
};

export default suggestionRoutes;
