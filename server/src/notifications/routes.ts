import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { NotificationList } from '@nuanxin/shared/reports/schemas';
import { acting } from '../auth/index.js';
import type { NotificationsContext } from './context.js';
import { listInbox, markAllRead, markRead } from './inbox.js';
import { Attention } from '@nuanxin/shared/notifications/schemas';
import { attentionOf } from './attention.js';

const notificationRoutes: FastifyPluginAsyncTypebox<{ ctx: NotificationsContext }> = async (app, { ctx }) => {
  app.get('/notifications', {
    schema: {
      tags: ['notifications'],
      summary: '消息',
      security: [{ bearer: [] }],
      response: { 200: NotificationList, ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request) => listInbox(acting(ctx, request)),
  });
  app.get('/me/attention', {
    schema: {
      tags: ['notifications'],
      summary: '需要我处理的事（首页提醒）与未读消息数',
      security: [{ bearer: [] }],
      response: { 200: Attention, ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return attentionOf(acting(ctx, request));
    },
  });
  app.post('/notifications/read-all', {
    schema: {
      tags: ['notifications'],
      summary: '全部已读',
      security: [{ bearer: [] }],
      response: { 200: Type.Object({ marked: Type.Integer() }), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request) => markAllRead(acting(ctx, request)),
  });
  app.post('/notifications/:id/read', {
    schema: {
      tags: ['notifications'],
      summary: '标为已读',
      security: [{ bearer: [] }],
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request, reply) => {
      await markRead(acting(ctx, request), { id: request.params.id });
      return reply.status(204).send(null);
    },
  });
};

export default notificationRoutes;
