import { MAX_ATTACHMENTS } from '@nuanxin/shared/legal/constants';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AppointmentBody,
  AssignBody,
  CaseList,
  CloseBody,
  FiguresQuery,
  InboxQuery,
  LegalFigures,
  LegalOptions,
  NoteBody,
  OpenCaseBody,
  OpenCaseResult,
  RateBody,
  ReferBody,
  ReopenBody,
  StaffResources,
} from '@nuanxin/shared/legal/schemas';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import { acceptCase } from './accept.js';
import { appointCase } from './appointment.js';
import { assignCase } from './assign.js';
import { attachToCase } from './attach.js';
import { closeCase } from './close.js';
import type { LegalContext } from './context.js';
import { noteCase } from './note.js';
import { readMultipart } from '../media/index.js';
import { openCase } from './open.js';
import { getCase, legalFigures, legalOptions, listMyCases, staffInbox, staffResources } from './queries.js';
import { rateCase } from './rate.js';
import { referCase } from './refer.js';
import { reopenCase } from './reopen.js';
import { readsFor } from '../platform/plugins/reads.js';

const security = [{ bearer: [] }];
const tags = ['legal'];
const rider = { auth: { roles: ['rider'] as const } };
/** Case text: the rider who opened it and the mediators of its district; nobody else. */
const parties = { auth: { roles: ['rider', 'mediator'] as const } };
const mediator = { auth: { roles: ['mediator'] as const } };
/** Counts and times, never names: the district admin sees them too. */
const figureReaders = { auth: { roles: ['mediator', 'district_admin'] as const } };
const err = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('ErrorBody')]));
const detail = { 200: Type.Ref('LegalCaseDetail'), ...errorResponses, ...err(409) };

/** 法律援助 · 一站式调解: the rider's cases, the centre's inbox and steps, figures. */
const legalRoutes: FastifyPluginAsyncTypebox<{ ctx: LegalContext }> = async (app, { ctx }) => {
  app.get('/legal/options', {
    schema: {
      tags,
      summary: '法律援助：可选的区与默认去向',
      security,
      response: { 200: LegalOptions, ...errorResponses },
    },
    config: rider,
    handler: async (request) => legalOptions(acting(ctx, request)),
  });

  app.post('/legal/cases', {
    schema: {
      tags,
      summary: '提交法律援助求助（header Idempotency-Key 可选）',
      security,
      body: OpenCaseBody,
      response: { 200: OpenCaseResult, 201: OpenCaseResult, ...errorResponses },
    },
    config: rider,
    handler: async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const result = await openCase(acting(ctx, request), {
        ...request.body,
        idempotencyKey: typeof key === 'string' ? key : undefined,
      });
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  });

  app.get('/legal/cases/mine', {
    schema: { tags, summary: '我的法律援助案件', security, response: { 200: CaseList, ...errorResponses } },
    config: rider,
    handler: async (request) => ({ items: await listMyCases(acting(ctx, request)) }),
  });

  app.get('/legal/cases/:id', {
    schema: { tags, summary: '案件详情与进展（本人、本区调解中心）', security, params: IdParams, response: detail },
    config: parties,
    handler: async (request) => getCase(acting(ctx, request), { id: request.params.id }),
  });

  app.post('/legal/cases/:id/attachments', {
    schema: {
      tags,
      summary: '上传照片或截图（multipart photos×1–9）：骑手为证据，调解中心为材料',
      security,
      params: IdParams,
      consumes: ['multipart/form-data'],
      response: { ...detail, ...err(413, 415) },
    },
    config: parties,
    handler: async (request) => {
      const { files } = await readMultipart(
        request,
        'photos',
        { fileSize: ctx.config.photoMaxBytes, files: MAX_ATTACHMENTS },
        'TOO_MANY_ATTACHMENTS',
      );
      return attachToCase(acting(ctx, request), { id: request.params.id, photos: files });
    },
  });

  app.post('/legal/cases/:id/rating', {
    schema: { tags, summary: '评价（办结后）', security, params: IdParams, body: RateBody, response: detail },
    config: rider,
    handler: async (request) => rateCase(acting(ctx, request), { id: request.params.id, ...request.body }),
  });

  app.post('/legal/cases/:id/reopen', {
    schema: {
      tags,
      summary: '重新申请调处（办结后 15 天内）',
      security,
      params: IdParams,
      body: ReopenBody,
      response: detail,
    },
    config: rider,
    handler: async (request) => reopenCase(acting(ctx, request), { id: request.params.id, ...request.body }),
  });

  // ── the mediation centre ──────────────────────────────────────────────────

  app.get('/staff/legal/cases', {
    schema: {
      tags,
      summary: '调解中心案件列表（本区；待办按时限，超时在前）',
      security,
      querystring: InboxQuery,
      response: { 200: CaseList, ...errorResponses },
    },
    config: mediator,
    handler: async (request) => ({ items: await staffInbox(acting(ctx, request), request.query) }),
  });

  app.get('/staff/legal/resources', {
    schema: {
      tags,
      summary: '本区调解员与设有法律咨询室的驿站',
      security,
      response: { 200: StaffResources, ...errorResponses },
    },
    config: mediator,
    handler: async (request) => staffResources(acting(ctx, request)),
  });

  app.get('/staff/legal/figures', {
    schema: {
      tags,
      summary: '法律援助数据（只有数量与时长，不含姓名与案情）',
      security,
      querystring: FiguresQuery,
      response: { 200: LegalFigures, ...errorResponses },
    },
    config: figureReaders,
    handler: async (request) => legalFigures(acting(readsFor(ctx, request), request), request.query),
  });

  app.post('/staff/legal/cases/:id/accept', {
    schema: { tags, summary: '受理', security, params: IdParams, response: detail },
    config: mediator,
    handler: async (request) => acceptCase(acting(ctx, request), { id: request.params.id }),
  });

  app.post('/staff/legal/cases/:id/refer', {
    schema: { tags, summary: '转介（去向与理由）', security, params: IdParams, body: ReferBody, response: detail },
    config: mediator,
    handler: async (request) => referCase(acting(ctx, request), { id: request.params.id, ...request.body }),
  });

  app.post('/staff/legal/cases/:id/assign', {
    schema: { tags, summary: '指派调解员', security, params: IdParams, body: AssignBody, response: detail },
    config: mediator,
    handler: async (request) => assignCase(acting(ctx, request), { id: request.params.id, ...request.body }),
  });

  app.post('/staff/legal/cases/:id/appointments', {
    schema: {
      tags,
      summary: '预约面谈（时间、地点）',
      security,
      params: IdParams,
      body: AppointmentBody,
      response: detail,
    },
    config: mediator,
    handler: async (request) => appointCase(acting(ctx, request), { id: request.params.id, ...request.body }),
  });

  app.post('/staff/legal/cases/:id/notes', {
    schema: { tags, summary: '调处记录', security, params: IdParams, body: NoteBody, response: detail },
    config: mediator,
    handler: async (request) => noteCase(acting(ctx, request), { id: request.params.id, ...request.body }),
  });

  app.post('/staff/legal/cases/:id/close', {
    schema: { tags, summary: '办结（结果与说明）', security, params: IdParams, body: CloseBody, response: detail },
    config: mediator,
    handler: async (request) => closeCase(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
};

export default legalRoutes;
