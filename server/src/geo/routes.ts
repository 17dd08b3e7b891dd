import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { principalOf } from '../auth/guard.js';
import { BoundaryImportResult, StreetSummaryList } from '@nuanxin/shared/geo/schemas';
import { badRequest, forbidden } from '../platform/app-error.js';
import { importStreetBoundaries } from './import-streets.js';
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

const geoRoutes: FastifyPluginAsyncTypebox<{ uploadMaxBytes: number }> = async (app, { uploadMaxBytes }) => {
  app.get('/streets', {
    schema: { tags: ['areas'], summary: '我负责的街道', security, response: { 200: StreetSummaryList, ...errorResponses } },
    config: { auth: { roles: ['street_operator', 'district_admin'] } },
    handler: async (request) => ({ items: await listStreetsInScope(app.db, principalOf(request)) }),
  });

  app.post('/streets/boundaries', {
    // A district's boundaries can be bigger than the JSON body limit: the upload limit applies.
    bodyLimit: uploadMaxBytes,
    schema: {
      tags: ['areas'],
      summary: '上传街道边界（GeoJSON，按 properties.code 匹配本区街道；任一要素有误则不写入）',
      security,
      body: BoundaryUpload,
      response: { 200: BoundaryImportResult, ...errorResponses, 413: Type.Ref('ErrorBody') },
    },
    config: { auth: { roles: ['district_admin'] } },
    handler: async (request) => {
      const principal = principalOf(request);
      if (principal.districtIds.length === 0) throw forbidden('OUT_OF_SCOPE');
      let geojson: unknown;
      try {
        geojson = JSON.parse(request.body.content.replace(/^\uFEFF/, ''));
      } catch {
        throw badRequest('IMPORT_FILE_INVALID', '文件不是有效的 GeoJSON（JSON 格式错误）', 'content');
      }
      const dryRun = request.body.dryRun ?? false;
      const result = await importStreetBoundaries(app.db, geojson, {
        districtIds: principal.districtIds,
        strict: true,
        dryRun,
      });
      return { dryRun, updated: result.updated, streets: result.streets };
    },
  });

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
