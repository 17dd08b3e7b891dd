import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { CityForwardBody } from '@nuanxin/shared/reports/schemas';
import { acting } from '../../auth/index.js';
import type { ReportsContext } from '../context.js';
import { forwardToCity } from './manual.js';

const err = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, Type.Ref('ErrorBody')]));

/** 转交12345 by the street (the automatic forwards are the `reports-city` job's). */
const cityRoutes: FastifyPluginAsyncTypebox<{ ctx: ReportsContext }> = async (app, { ctx }) => {
  app.post('/staff/reports/:id/city-forward', {
    schema: {
      tags: ['reports'],
      summary: '转交 12345 市民服务热线（Open311，每条上报一次）',
      security: [{ bearer: [] }],
      params: IdParams,
      body: CityForwardBody,
      response: { 200: Type.Ref('ReportDetail'), ...errorResponses, ...err(409) },
    },
    config: { auth: { roles: ['street_operator', 'district_admin'] } },
    handler: async (request) => forwardToCity(acting(ctx, request), { id: request.params.id, ...request.body }),
  });
};

export default cityRoutes;
