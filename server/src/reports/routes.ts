import { MAX_PHOTOS } from '@nuanxin/shared/reports/constants';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import {
  CrewQueueQuery,
  MergeBody,
  NearbyList,
  NearestReportsQuery,
  ReportMapQuery,
  ReportPins,
  NearbyReportsQuery,
  QueueQuery,
  ReopenBody,
  ReportCategoryList,
  StaffActionBody,
  SubmitResult,
  TeamList,
} from '@nuanxin/shared/reports/schemas';
import { acting } from '../auth/index.js';
import { acceptReport } from './accept.js';
import { addReportPhoto } from './add-photo.js';
import { closeReport } from './close.js';
import { confirmReport } from './confirm.js';
import type { ReportsContext } from './context.js';
import { dispatchReport } from './dispatch.js';
import { fixReport } from './fix.js';
import { mergeReport } from './merge.js';
import { mergeCandidates } from './merge-candidates.js';
import { nearestOpenReportsForStaff, reportsInBox } from './map.js';
import { readMultipart } from '../media/index.js';
import { markOnSite } from './on-site.js';
import { crewQueue, getReport, listCategories, listMine, listTeams, nearbyOpenReports, staffQueue } from './queries.js';
import { rejectReport } from './reject.js';
import { reopenReport } from './reopen.js';
import { submitReport } from './submit.js';

const security = [{ bearer: [] }];
const tags = ['reports'];
const staff = { roles: ['street_operator', 'district_admin'] as const };
/** The crew actions (on site, fix): the street's staff, or a crew member on its team's reports. */
const staffOrCrew = { roles: ['street_operator', 'district_admin', 'crew_member'] as const };
const err = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('ErrorBody')]));
const detail = { 200: Type.Ref('ReportDetail'), ...errorResponses, ...err(409) };

const reportRoutes: FastifyPluginAsyncTypebox<{ ctx: ReportsContext }> = async (app, { ctx }) => {
  app.get('/report-categories', {
    schema: { tags, summary: '随手拍类别', security, response: { 200: ReportCategoryList, ...errorResponses } },
    config: { auth: { roles: 'any' } },
    handler: async () => ({ items: await listCategories(ctx) }),
  });

  app.get('/reports/nearby', {
    schema: {
      tags,
      summary: '附近 250 米内同类未办结上报（提交前查重）',
      security,
      querystring: NearbyReportsQuery,
      response: { 200: NearbyList, ...errorResponses },
    },
    config: { auth: { roles: ['rider'] } },
    handler: async (request) => nearbyOpenReports(acting(ctx, request), request.query),
  });

  app.post('/reports', {
    schema: {
      tags,
      summary:
        '随手拍上报 (multipart: category, description, lat, lng, accuracy, coordSystem, subscriptions, photos×1–3; header Idempotency-Key)',
      security,
      consumes: ['multipart/form-data'],
      response: { 200: SubmitResult, 201: SubmitResult, ...errorResponses, ...err(413, 415, 422) },
    },
    config: { auth: { roles: ['rider'] } },
    handler: async (request, reply) => {
      const { fields, files } = await readMultipart(request, 'photos', {
        fileSize: ctx.config.photoMaxBytes,
        files: MAX_PHOTOS,
      });
      const key = request.headers['idempotency-key'];
      const result = await submitReport(acting(ctx, request), {
        idempotencyKey: typeof key === 'string' ? key : undefined,
        fields,
        photos: files,
      });
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  });

  app.post('/reports/:id/photos', {
    schema: {
      tags,
      summary:
        '随手拍补充照片（multipart: position 1–2, photo×1）：小程序 uploadFile 每次一张；同一序号重发返回原样（replayed）',
      security,
      params: IdParams,
      consumes: ['multipart/form-data'],
      response: { 200: SubmitResult, 201: SubmitResult, ...errorResponses, ...err(409, 413, 415, 422) },
    },
    config: { auth: { roles: ['rider'] } },
    handler: async (request, reply) => {
      const { fields, files } = await readMultipart(request, 'photo', { fileSize: ctx.config.photoMaxBytes, files: 1 });
      const result = await addReportPhoto(acting(ctx, request), {
        id: request.params.id,
        position: fields.position,
        photos: files,
      });
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  });

  app.get('/reports/mine', {
    schema: {
      tags,
      summary: '我的上报',
      security,
      response: { 200: Type.Object({ items: Type.Array(Type.Ref('Report')) }), ...errorResponses },
    },
    config: { auth: { roles: ['rider'] } },
    handler: async (request) => ({ items: await listMine(acting(ctx, request)) }),
  });

  app.get('/reports/:id', {
    schema: { tags, summary: '上报详情与处理记录', security, params: IdParams, response: detail },
    config: { auth: { roles: 'any' } },
    handler: async (request) => getReport(acting(ctx, request), { id: request.params.id }),
  });

  app.post('/reports/:id/confirmations', {
    schema: {
      tags,
      summary: '我也遇到',
      security,
      params: IdParams,
      response: { 200: Type.Object({ confirmations: Type.Integer() }), ...errorResponses, ...err(409) },
    },
    config: { auth: { roles: ['rider'] } },
    handler: async (request) => confirmReport(acting(ctx, request), { id: request.params.id }),
  });

  app.post('/reports/:id/reopen', {
    schema: {
      tags,
      summary: '重新打开（上报人，修复后 7 天内）',
      security,
      params: IdParams,
      body: ReopenBody,
      response: detail,
    },
    config: { auth: { roles: ['rider'] } },
    handler: async (request) => reopenReport(acting(ctx, request), { id: request.params.id, ...request.body }),
  });

  app.get('/staff/reports', {
    schema: {
      tags,
      summary: '工单队列（按时限紧急程度）',
      security,
      querystring: QueueQuery,
      response: { 200: Type.Object({ items: Type.Array(Type.Ref('Report')) }), ...errorResponses },
    },
    config: { auth: staff },
    handler: async (request) => ({ items: await staffQueue(acting(ctx, request), request.query) }),
  });

  app.get('/crew/reports', {
    schema: {
      tags,
      summary: '我的处置任务：派给本队（或我）的工单，最紧急的在前',
      security,
      querystring: CrewQueueQuery,
      response: { 200: Type.Object({ items: Type.Array(Type.Ref('Report')) }), ...errorResponses },
    },
    config: { auth: { roles: ['crew_member'] } },
    handler: async (request) => ({ items: await crewQueue(acting(ctx, request), request.query) }),
  });

  app.get('/staff/reports/map', {
    schema: {
      tags,
      summary: '地图范围内的未办结工单（最紧急的在前，最多 500 个）',
      security,
      querystring: ReportMapQuery,
      response: { 200: ReportPins, ...errorResponses },
    },
    config: { auth: staff },
    handler: async (request) => reportsInBox(acting(ctx, request), request.query),
  });

  app.get('/staff/reports/nearest', {
    schema: {
      tags,
      summary: '离我最近的未办结工单（H5 无地图时的列表）',
      security,
      querystring: NearestReportsQuery,
      response: { 200: ReportPins, ...errorResponses },
    },
    config: { auth: staff },
    handler: async (request) => nearestOpenReportsForStaff(acting(ctx, request), request.query),
  });

  app.get('/staff/reports/:id/merge-candidates', {
    schema: {
      tags,
      summary: '可合并到的附近同类未办结上报（含距离）',
      security,
      params: IdParams,
      response: { 200: NearbyList, ...errorResponses },
    },
    config: { auth: staff },
    handler: async (request) => mergeCandidates(acting(ctx, request), { id: request.params.id }),
  });

  app.post('/staff/reports/:id/actions', {
    schema: {
      tags,
      summary: '受理 / 不予受理 / 派单（队伍，可指定队员） / 到场 / 办结；处置队员只能对派给本队的工单标记到场',
      security,
      params: IdParams,
      body: StaffActionBody,
      response: detail,
    },
    config: { auth: staffOrCrew },
    handler: async (request) => {
      const { action, ...body } = request.body;
      const input = { id: request.params.id, ...body };
      switch (action) {
        case 'accept':
          return acceptReport(acting(ctx, request), input);
        case 'reject':
          return rejectReport(acting(ctx, request), input);
        case 'dispatch':
          return dispatchReport(acting(ctx, request), input);
        case 'on_site':
          return markOnSite(acting(ctx, request), input);
        case 'close':
          return closeReport(acting(ctx, request), input);
      }
    },
  });

  app.post('/staff/reports/:id/fix', {
    schema: {
      tags,
      summary: '已修复（multipart: photo, note）；街道人员或派给本队的处置队员',
      security,
      params: IdParams,
      consumes: ['multipart/form-data'],
      response: { ...detail, ...err(413, 415) },
    },
    config: { auth: staffOrCrew },
    handler: async (request) => {
      const { fields, files } = await readMultipart(request, 'photo', { fileSize: ctx.config.photoMaxBytes, files: 1 });
      return fixReport(acting(ctx, request), {
        id: request.params.id,
        ...(fields.note ? { note: fields.note } : {}),
        photos: files,
      });
    },
  });

  app.post('/staff/reports/:id/merge', {
    schema: { tags, summary: '合并重复上报', security, params: IdParams, body: MergeBody, response: detail },
    config: { auth: staff },
    handler: async (request) => mergeReport(acting(ctx, request), { id: request.params.id, ...request.body }),
  });

  app.get('/staff/teams', {
    schema: { tags, summary: '可派单的队伍', security, response: { 200: TeamList, ...errorResponses } },
    config: { auth: staff },
    handler: async (request) => ({ items: await listTeams(acting(ctx, request)) }),
  });
};

export default reportRoutes;
