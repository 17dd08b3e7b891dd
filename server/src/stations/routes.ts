import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@nuanxin/shared/common/schemas';
import {
  BoxQuery,
  ExportQuery,
  ImportBody,
  NearbyQuery,
  NearestQuery,
  StationInput,
  StaffStationQuery,
  StationPatch,
  StatusBody,
} from '@nuanxin/shared/stations/schemas';
import { acting } from '../auth/index.js';
import type { StationsContext } from './context.js';
import { createStation } from './create.js';
import { exportStations } from './export.js';
import { getStation } from './get.js';
import { importStations } from './import.js';
import { listStationsForStaff } from './manage.js';
import { stationsInBox } from './in-box.js';
import { nearbyStations } from './nearby.js';
import { nearestStation } from './nearest.js';
import { setStationStatus } from './set-status.js';
import { updateStation } from './update.js';
import { IMPORT_UPLOAD_FIELDS, readImportUpload } from './upload.js';
import { readsFor } from '../platform/plugins/reads.js';

const security = [{ bearer: [] }];
const tags = ['stations'];
const managers = { roles: ['district_admin', 'street_operator'] } as const;
const withConflict = { ...errorResponses, 409: Type.Ref('ErrorBody'), 422: Type.Ref('ErrorBody') };

const stationRoutes: FastifyPluginAsyncTypebox<{ ctx: StationsContext }> = async (app, { ctx }) => {
  app.get('/stations/nearby', {
    schema: {
      tags,
      summary: '附近驿站（按距离排序，可筛选、翻页）',
      security,
      querystring: NearbyQuery,
      response: { 200: Type.Ref('StationPage'), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request) => nearbyStations(readsFor(ctx, request), request.query),
  });

  app.get('/stations/nearest', {
    schema: {
      tags,
      summary: '最近的一处驿站（默认：营业中的全时驿站）',
      security,
      querystring: NearestQuery,
      response: { 200: Type.Ref('NearestStation'), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request) => nearestStation(readsFor(ctx, request), request.query),
  });

  app.get('/stations/in-box', {
    schema: {
      tags,
      summary: '地图视野内的驿站',
      security,
      querystring: BoxQuery,
      response: { 200: Type.Ref('StationBox'), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request) => stationsInBox(readsFor(ctx, request), request.query),
  });

  app.get('/stations/export', {
    schema: {
      tags,
      summary: '导出我负责范围内的驿站（CSV 或 GeoJSON）',
      security,
      querystring: ExportQuery,
      response: { 200: Type.String(), ...errorResponses },
    },
    config: { auth: managers },
    handler: async (request, reply) => {
      const { format } = request.query;
      const body = await exportStations(acting(readsFor(ctx, request), request), { format });
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json; charset=utf-8')
        .header('content-disposition', `attachment; filename="stations.${format === 'csv' ? 'csv' : 'geojson'}"`)
        .send(body);
    },
  });

  app.get('/staff/stations', {
    schema: {
      tags,
      summary: '驿站管理：搜索我负责范围内的驿站（含已关闭）',
      security,
      querystring: StaffStationQuery,
      response: { 200: Type.Ref('StaffStationPage'), ...errorResponses },
    },
    config: { auth: managers },
    handler: async (request) => listStationsForStaff(acting(readsFor(ctx, request), request), request.query),
  });

  app.get('/stations/:id', {
    schema: {
      tags,
      summary: '驿站详情',
      security,
      params: IdParams,
      querystring: Type.Object(
        { at: Type.Optional(Type.String({ format: 'date-time' })) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Ref('Station'), ...errorResponses },
    },
    config: { auth: { roles: 'any' } },
    handler: async (request) => getStation(readsFor(ctx, request), { id: request.params.id, at: request.query.at }),
  });

  app.post('/stations', {
    schema: {
      tags,
      summary: '新增驿站',
      security,
      body: StationInput,
      response: { 201: Type.Ref('Station'), ...withConflict },
    },
    config: { auth: managers },
    handler: async (request, reply) => reply.status(201).send(await createStation(acting(ctx, request), request.body)),
  });

  app.patch('/stations/:id', {
    schema: {
      tags,
      summary: '修改驿站',
      security,
      params: IdParams,
      body: StationPatch,
      response: { 200: Type.Ref('Station'), ...withConflict },
    },
    config: { auth: managers },
    handler: async (request) => updateStation(acting(ctx, request), { id: request.params.id, patch: request.body }),
  });

  app.post('/stations/:id/status', {
    schema: {
      tags,
      summary: '临时关闭（附说明）或恢复开放',
      security,
      params: IdParams,
      body: StatusBody,
      response: { 200: Type.Ref('Station'), ...errorResponses },
    },
    config: { auth: managers },
    handler: async (request) => setStationStatus(acting(ctx, request), { id: request.params.id, ...request.body }),
  });

  app.post('/stations/import', {
    schema: {
      tags,
      summary: '导入驿站（CSV 或 GeoJSON，按外部编号更新或新增）',
      description:
        '默认任一行有误则不写入，并逐行报告原因；skipBad=true 时只导入正确的行。' +
        '可发 JSON（format + content），或 multipart/form-data 上传文件（字段 file，可选 format、skipBad、dryRun）。',
      security,
      body: {
        content: {
          'application/json': { schema: ImportBody },
          // Documents the form; readImportUpload reads and checks it (the validator sees no body: null).
          'multipart/form-data': {
            schema: { type: 'object', nullable: true, properties: IMPORT_UPLOAD_FIELDS, required: ['file'] },
          },
        },
      },
      response: { 200: Type.Ref('StationImportReport'), ...errorResponses, 413: Type.Ref('ErrorBody') },
    },
    config: { auth: managers },
    handler: async (request) => {
      const body = request.isMultipart()
        ? await readImportUpload(request, ctx.config.uploadMaxBytes)
        : (request.body as ImportBody);
      return importStations(acting(ctx, request), body);
    },
  });
};

export default stationRoutes;
