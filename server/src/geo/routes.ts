import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import { acting } from '../auth/index.js';
import {
  BoundaryImportResult,
  CommunityCreateBody,
  CommunityPatchBody,
  MerchantCreateBody,
  MerchantPatchBody,
  StreetCreateBody,
  StreetPatchBody,
  StreetSummary,
  StreetSummaryList,
} from '@nuanxin/shared/geo/schemas';
import type { GeoContext } from './context.js';
import { uploadStreetBoundaries } from './import-streets.js';
import { createCommunity, updateCommunity } from './communities.js';
import { createMerchant, listMerchantsInScope, updateMerchant } from './shops.js';
import { createStreet, updateStreet } from './streets.js';
import { getCommunity, getMerchant, getStreet, listCommunitiesInScope, listStreetsInScope } from './queries.js';
import { PlaceDescribeQuery, PlaceSearchQuery } from '@nuanxin/shared/geo/places';
import { describePlace } from './describe.js';
import { listPlaceAreas, searchPlaces } from './places.js';
import { mapLayers } from './map-layers.js';
import { MapLayersQuery } from '@nuanxin/shared/geo/schemas';

const staff = ['community_admin', 'street_operator', 'merchant', 'district_admin'] as const;
const security = [{ bearer: [] }];
const organisers = ['street_operator', 'district_admin'] as const;
const writeErrors = { ...errorResponses, 409: Type.Ref('ErrorBody') };

const BoundaryUpload = Type.Object(
  {
    /** The GeoJSON file's text: a FeatureCollection of (Multi)Polygons with properties.code (GCJ-02). */
    content: Type.String({ minLength: 2 }),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const geoRoutes: FastifyPluginAsyncTypebox<{ ctx: GeoContext }> = async (app, { ctx }) => {
  // ---- places a person recognises (any signed-in user; public names only) ----
  app.get('/places/describe', {
    schema: {
      tags: ['areas'],
      summary: '这是哪里：街道、社区、最近的驿站和一行可直接显示的地点',
      security,
      querystring: PlaceDescribeQuery,
      response: { 200: Type.Ref('PlaceDescription'), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request) => describePlace(ctx, request.query),
  });

  app.get('/places/search', {
    schema: {
      tags: ['areas'],
      summary: '按名称查找区、街道、社区和驿站（定位不可用时选位置）',
      security,
      querystring: PlaceSearchQuery,
      response: { 200: Type.Ref('PlaceSearchResult'), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request) => searchPlaces(ctx, request.query),
  });

  app.get('/places/areas', {
    schema: {
      tags: ['areas'],
      summary: '已开通的区和街道（选择位置用）',
      security,
      response: { 200: Type.Ref('PlaceAreas'), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async () => listPlaceAreas(ctx),
  });

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

  // Public information (outlines, community names, stations): any signed-in user, riders too.
  app.get('/map/layers', {
    schema: {
      tags: ['areas'],
      summary: '地图图层（GeoJSON，GCJ-02）：区和街道边界、社区、驿站；按地图范围或区',
      security,
      querystring: MapLayersQuery,
      response: { 200: Type.Ref('MapLayers'), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request) => mapLayers(acting(ctx, request), request.query),
  });

  // ---- managing the organisation: streets, communities, shops ----
  app.post('/streets', {
    schema: {
      tags: ['areas'],
      summary: '新建街道（本区）',
      security,
      body: StreetCreateBody,
      response: { 201: StreetSummary, ...writeErrors },
    },
    config: { auth: { roles: ['district_admin'] } },
    handler: async (request, reply) => reply.status(201).send(await createStreet(acting(ctx, request), request.body)),
  });

  app.patch('/streets/:id', {
    schema: {
      tags: ['areas'],
      summary: '街道改名、停用或重新启用',
      security,
      params: IdParams,
      body: StreetPatchBody,
      response: { 200: StreetSummary, ...writeErrors },
    },
    config: { auth: { roles: ['district_admin'] } },
    handler: async (request) => updateStreet(acting(ctx, request), { ...request.body, id: request.params.id }),
  });

  app.post('/communities', {
    schema: {
      tags: ['areas'],
      summary: '新建社区（所属街道按街道边界确定）',
      security,
      body: CommunityCreateBody,
      response: { 201: Type.Ref('Community'), ...writeErrors },
    },
    config: { auth: { roles: organisers } },
    handler: async (request, reply) =>
      reply.status(201).send(await createCommunity(acting(ctx, request), request.body)),
  });

  app.patch('/communities/:id', {
    schema: {
      tags: ['areas'],
      summary: '修改社区、停用或重新启用',
      security,
      params: IdParams,
      body: CommunityPatchBody,
      response: { 200: Type.Ref('Community'), ...writeErrors },
    },
    config: { auth: { roles: organisers } },
    handler: async (request) => updateCommunity(acting(ctx, request), { ...request.body, id: request.params.id }),
  });

  app.get('/merchants', {
    schema: {
      tags: ['areas'],
      summary: '我负责的商户（含已停用）',
      security,
      response: { 200: Type.Ref('MerchantList'), ...errorResponses },
    },
    config: { auth: { roles: ['street_operator', 'district_admin', 'merchant'] } },
    handler: async (request) => ({ items: await listMerchantsInScope(acting(ctx, request)) }),
  });

  app.post('/merchants', {
    schema: {
      tags: ['areas'],
      summary: '新建友好商户',
      security,
      body: MerchantCreateBody,
      response: { 201: Type.Ref('Merchant'), ...writeErrors },
    },
    config: { auth: { roles: organisers } },
    handler: async (request, reply) => reply.status(201).send(await createMerchant(acting(ctx, request), request.body)),
  });

  app.patch('/merchants/:id', {
    schema: {
      tags: ['areas'],
      summary: '修改商户、停用或重新启用',
      security,
      params: IdParams,
      body: MerchantPatchBody,
      response: { 200: Type.Ref('Merchant'), ...writeErrors },
    },
    config: { auth: { roles: organisers } },
    handler: async (request) => updateMerchant(acting(ctx, request), { ...request.body, id: request.params.id }),
  });
};

export default geoRoutes;
