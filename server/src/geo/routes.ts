import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import { BoundaryImportResult, StreetSummaryList } from '@nuanxin/shared/geo/schemas';
import type { GeoContext } from './context.js';
import { uploadStreetBoundaries } from './import-streets.js';
import { getCommunity, getMerchant, getStreet, listCommunitiesInScope, listStreetsInScope } from './queries.js';

const staff = ['community_admin', 'street_operator', 'merchant', 'district_admin'] as const;
const security = [{ bearer: [] }];

const BoundaryUpload = Type.Object(
  {
    /** The GeoJSON file's text: a FeatureCollection of (Multi)Polygons with properties.code (GCJ-02). */
    content: Type.String({ minLength: 2 }),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const geoRoutes: FastifyPluginAsyncTypebox<{ ctx: GeoContext }> = async (app, { ctx }) => {
  app.get('/streets', {
    schema: {
      tags: ['areas'],
      summary: '我负责的街道',
      security,
      response: { 200: StreetSummaryList, ...errorResponses },
    },
    config: { auth: { roles: ['street_operator', 'district_admin'] } },
    handler: async (request) => ({ items: await listStreetsInScope(acting(ctx, request)) }),
  });

  app.post('/streets/boundaries', {
    // A district's boundaries can be bigger than the JSON body limit: the upload limit applies.
    bodyLimit: ctx.config.uploadMaxBytes,
    schema: {
      tags: ['areas'],
      summary: '上传街道边界（GeoJSON，按 properties.code 匹配本区街道；任一要素有误则不写入）',
      security,
      body: BoundaryUpload,
      response: { 200: BoundaryImportResult, ...errorResponses, 413: Type.Ref('ErrorBody') },
    },
    config: { auth: { roles: ['district_admin'] } },
    handler: async (request) => uploadStreetBoundaries(acting(ctx, request), request.body),
  });

  app.get('/communities', {
    schema: {
      tags: ['areas'],
      summary: '我负责的社区',
      security,
      response: { 200: Type.Ref('CommunityList'), ...errorResponses },
    },
    config: { auth: { roles: ['community_admin', 'street_operator', 'district_admin'] } },
    handler: async (request) => ({ items: await listCommunitiesInScope(acting(ctx, request)) }),
  });

  app.get('/communities/:id', {
    schema: {
      tags: ['areas'],
      summary: '社区详情',
      security,
      params: IdParams,
      response: { 200: Type.Ref('Community'), ...errorResponses },
    },
    config: { auth: { roles: ['community_admin', 'street_operator', 'district_admin'] } },
    handler: async (request) => getCommunity(acting(ctx, request), request.params),
  });

  app.get('/streets/:id', {
    schema: {
      tags: ['areas'],
      summary: '街道详情',
      security,
      params: IdParams,
      response: { 200: Type.Ref('Street'), ...errorResponses },
    },
    config: { auth: { roles: ['street_operator', 'district_admin'] } },
    handler: async (request) => getStreet(acting(ctx, request), request.params),
  });

  app.get('/merchants/:id', {
    schema: {
      tags: ['areas'],
      summary: '商户详情',
      security,
      params: IdParams,
      response: { 200: Type.Ref('Merchant'), ...errorResponses },
    },
    config: { auth: { roles: staff } },
    handler: async (request) => getMerchant(acting(ctx, request), request.params),
  });
};

export default geoRoutes;
