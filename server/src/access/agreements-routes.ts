import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Agreement,
  AgreementCreateBody,
  AgreementEndBody,
  AgreementEndResult,
  AgreementList,
  AgreementPatchBody,
  AgreementQuery,
} from '@nuanxin/shared/access/agreements';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import type { AccessContext } from './context.js';
import { createAgreement, endAgreement, listAgreements, updateAgreement } from './agreements.js';

const security = [{ bearer: [] }];
const tags = ['access'];
const signers = { auth: { roles: ['community_admin', 'street_operator', 'district_admin'] as const } };
const errors = { ...errorResponses, 409: Type.Ref('ErrorBody') };

/** 三方共建协议: list, create, edit, end (registered inside the access routes, /api/v1/access). */
const agreementRoutes: FastifyPluginAsyncTypebox<{ ctx: AccessContext }> = async (app, { ctx }) => {
  app.get('/agreements', {
    schema: {
      tags,
      summary: '共建协议列表',
      security,
      querystring: AgreementQuery,
      response: { 200: AgreementList, ...errors },
    },
    config: signers,
    handler: async (request) => ({ items: await listAgreements(acting(ctx, request), request.query) }),
  });

  app.post('/agreements', {
    schema: {
      tags,
      summary: '签订共建协议',
      security,
      body: AgreementCreateBody,
      response: { 201: Agreement, ...errors },
    },
    config: signers,
    handler: async (request, reply) =>
      reply.status(201).send(await createAgreement(acting(ctx, request), request.body)),
  });

  app.patch('/agreements/:id', {
    schema: {
      tags,
      summary: '修改共建协议（新的结束日期同样适用于已发放的通行证）',
      security,
      params: IdParams,
      body: AgreementPatchBody,
      response: { 200: Agreement, ...errors },
    },
    config: signers,
    handler: async (request) => updateAgreement(acting(ctx, request), { ...request.body, id: request.params.id }),
  });

  app.post('/agreements/:id/end', {
    schema: {
      tags,
      summary: '终止共建协议（其下的通行证立即失效）',
      security,
      params: IdParams,
      body: AgreementEndBody,
      response: { 200: AgreementEndResult, ...errors },
    },
    config: signers,
    handler: async (request) =>
      endAgreement(acting(ctx, request), { id: request.params.id, reason: request.body.reason }),
  });
};

export default agreementRoutes;
