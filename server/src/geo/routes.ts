import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { principalOf } from '../auth/guard.js';
import { getCommunity, getMerchant, getStreet, listCommunitiesInScope } from './queries.js';

const staff = ['community_admin', 'street_operator', 'merchant', 'district_admin'] as const;
const security = [{ bearer: [] }];

const geoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/communities', {
    schema: { tags: ['areas'], summary: '我负责的社区', security, response: { 200: Type.Ref('CommunityList'), ...errorResponses } },
    config: { auth: { roles: ['community_admin', 'street_operator', 'district_admin'] } },
    handler: async (request) => ({ items: await listCommunitiesInScope(app.db, principalOf(request)) }),
  });

  app.get('/communities/:id', {
    schema: { tags: ['areas'], summary: '社区详情', security, params: IdParams, response: { 200: Type.Ref('Community'), ...errorResponses } },
    config: { auth: { roles: ['community_admin', 'street_operator', 'district_admin'] } },
    handler: async (request) => getCommunity(app.db, principalOf(request), request.params.id),
  });

  app.get('/streets/:id', {
    schema: { tags: ['areas'], summary: '街道详情', security, params: IdParams, response: { 200: Type.Ref('Street'), ...errorResponses } },
    config: { auth: { roles: ['street_operator', 'district_admin'] } },
    handler: async (request) => getStreet(app.db, principalOf(request), request.params.id),
  });

  app.get('/merchants/:id', {
    schema: { tags: ['areas'], summary: '商户详情', security, params: IdParams, response: { 200: Type.Ref('Merchant'), ...errorResponses } },
    config: { auth: { roles: staff } },
    handler: async (request) => getMerchant(app.db, principalOf(request), request.params.id),
  });
};

export default geoRoutes;
