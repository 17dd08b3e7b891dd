import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Activity,
  ActivityCode,
  ActivityList,
  ActivityStationList,
  ActivityQuery,
  CertificateCheck,
  CancelActivityBody,
  CertificateQuery,
  CheckinBody,
  CheckinResult,
  CreateActivityBody,
  Roster,
  SignupBody,
  SignupResult,
  StaffActivityList,
  StaffListQuery,
  StationSearchQuery,
  UpdateActivityBody,
} from '@nuanxin/shared/activities/schemas';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import type { ActivitiesContext } from './context.js';
import { activityDetail, listActivities, myActivities } from './browse.js';
import { cancelSignup, signUp } from './signup.js';
import { riderCheckIn, sessionCode, staffCheckIn } from './checkin.js';
import { cancelActivity, createActivity, listManagedActivities, updateActivity } from './manage.js';
import { roster, rosterCsv } from './roster.js';
import { searchStations } from './stations.js';
import { myCertificate, verifyCertificate } from './certificate.js';
import { readsFor } from '../platform/plugins/reads.js';

const security = [{ bearer: [] }];
const tags = ['activities'];
const rider = { auth: { roles: ['rider'] as const } };
const organisers = { auth: { roles: ['community_admin', 'street_operator', 'district_admin'] as const } };
const errors = { ...errorResponses, 409: Type.Ref('ErrorBody'), 410: Type.Ref('ErrorBody') };

/** 活动 · 课程: riders browse, sign up, check in; organisers publish, show the code, read the roster. */
const activityRoutes: FastifyPluginAsyncTypebox<{ ctx: ActivitiesContext }> = async (app, { ctx }) => {
  // ---- rider ----
  app.get('', {
    schema: {
      tags,
      summary: '活动列表（本周、类型、附近）',
      security,
      querystring: ActivityQuery,
      response: { 200: ActivityList, ...errors },
    },
    config: rider,
    handler: async (request) => ({ items: await listActivities(acting(ctx, request), request.query) }),
  });
  app.get('/mine', {
    schema: { tags, summary: '我的活动', security, response: { 200: ActivityList, ...errors } },
    config: rider,
    handler: async (request) => ({ items: await myActivities(acting(ctx, request)) }),
  });
  app.post('/check-ins', {
    schema: {
      tags,
      summary: '签到（扫活动码或输入 6 位数字）',
      security,
      body: CheckinBody,
      response: { 200: CheckinResult, ...errors },
    },
    config: rider,
    handler: async (request) => riderCheckIn(acting(ctx, request), request.body),
  });
  app.get('/certificates/verify', {
    schema: {
      tags,
      summary: '验证结业证书',
      querystring: CertificateQuery,
      response: { 200: CertificateCheck, ...errors },
    },
    config: { auth: 'public' as const },
    handler: async (request) => verifyCertificate(ctx, request.query),
  });
  app.get('/:id/certificate.png', {
    schema: {
      tags,
      summary: '我的结业证书（PNG）',
      security,
      params: IdParams,
      response: { 200: Type.String({ description: 'image/png' }), ...errors },
    },
    config: rider,
    handler: async (request, reply) => {
      const { png } = await myCertificate(acting(ctx, request), request.params);
      return reply.type('image/png').header('cache-control', 'no-store').send(png);
    },
  });
  app.get('/:id', {
    schema: { tags, summary: '活动详情', security, params: IdParams, response: { 200: Activity, ...errors } },
    config: rider,
    handler: async (request) => activityDetail(acting(ctx, request), request.params),
  });
  app.post('/:id/signup', {
    schema: {
      tags,
      summary: '报名（满员进入候补）',
      security,
      params: IdParams,
      body: SignupBody,
      response: { 200: SignupResult, ...errors },
    },
    config: rider,
    // The body is optional (older clients send none): validate an absent one as `{}`.
    preValidation: async (request) => {
      request.body ??= {};
    },
    handler: async (request) =>
      signUp(acting(ctx, request), { id: request.params.id, subscriptions: request.body?.subscriptions }),
  });
  app.post('/:id/cancel', {
    schema: {
      tags,
      summary: '取消报名（候补自动递补）',
      security,
      params: IdParams,
      response: { 200: SignupResult, ...errors },
    },
    config: rider,
    handler: async (request) => cancelSignup(acting(ctx, request), request.params),
  });

  // ---- organisers ----
  app.get('/staff', {
    schema: {
      tags,
      summary: '管理的活动',
      security,
      querystring: StaffListQuery,
      response: { 200: StaffActivityList, ...errors },
    },
    config: organisers,
    handler: async (request) => ({ items: await listManagedActivities(acting(ctx, request), request.query) }),
  });
  app.post('/staff', {
    schema: { tags, summary: '发布活动', security, body: CreateActivityBody, response: { 200: Activity, ...errors } },
    config: organisers,
    handler: async (request) => createActivity(acting(ctx, request), request.body),
  });
  app.get('/staff/stations', {
    schema: {
      tags,
      summary: '选择驿站（我负责范围内，按名称或地址搜索）',
      security,
      querystring: StationSearchQuery,
      response: { 200: ActivityStationList, ...errors },
    },
    config: organisers,
    handler: async (request) => ({ items: await searchStations(acting(ctx, request), request.query) }),
  });
  app.get('/staff/:id', {
    schema: { tags, summary: '活动名单与签到', security, params: IdParams, response: { 200: Roster, ...errors } },
    config: organisers,
    handler: async (request) => roster(acting(ctx, request), request.params),
  });
  app.patch('/staff/:id', {
    schema: {
      tags,
      summary: '修改活动',
      security,
      params: IdParams,
      body: UpdateActivityBody,
      response: { 200: Activity, ...errors },
    },
    config: organisers,
    handler: async (request) => updateActivity(acting(ctx, request), { ...request.body, id: request.params.id }),
  });
  app.post('/staff/:id/cancel', {
    schema: {
      tags,
      summary: '取消活动（通知已报名和候补的骑手）',
      security,
      params: IdParams,
      body: CancelActivityBody,
      response: { 200: Activity, ...errors },
    },
    config: organisers,
    handler: async (request) =>
      cancelActivity(acting(ctx, request), { id: request.params.id, reason: request.body.reason }),
  });
  app.get('/staff/:id/roster.csv', {
    schema: {
      tags,
      summary: '导出名单（CSV）',
      security,
      params: IdParams,
      response: { 200: Type.String({ description: 'text/csv' }), ...errors },
    },
    config: organisers,
    handler: async (request, reply) => {
      const csv = await rosterCsv(acting(readsFor(ctx, request), request), request.params);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="activity-roster.csv"')
        .send(csv);
    },
  });
  app.get('/staff/sessions/:id/code', {
    schema: {
      tags,
      summary: '场次签到码（轮换）',
      security,
      params: IdParams,
      response: { 200: ActivityCode, ...errors },
    },
    config: organisers,
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return sessionCode(acting(ctx, request), request.params);
    },
  });
  app.post('/staff/sessions/:id/check-ins', {
    schema: {
      tags,
      summary: '核验骑手码签到',
      security,
      params: IdParams,
      body: CheckinBody,
      response: { 200: CheckinResult, ...errors },
    },
    config: organisers,
    handler: async (request) => staffCheckIn(acting(ctx, request), { id: request.params.id, code: request.body.code }),
  });
};

export default activityRoutes;
