import { MAX_PHOTOS } from '@nuanxin/shared/reports/constants';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Open311Created,
  Open311Error,
  Open311Request,
  Open311RequestList,
  Open311RequestsQuery,
  Open311ServiceDefinition,
  Open311ServiceList,
} from '@nuanxin/shared/open311/schemas';
import { AppError } from '../../platform/app-error.js';
import type { ReportsContext } from '../context.js';
import { readMultipart } from '../multipart-input.js';
import { getService, listRequests, listServices } from './queries.js';
import { submitOpen311 } from './submit.js';

const tags = ['open311'];
const errors = {
  400: Open311Error,
  403: Open311Error,
  404: Open311Error,
  413: Open311Error,
  415: Open311Error,
  422: Open311Error,
};
const notFound = () => new AppError(404, 'NOT_FOUND');

/**
 * Open311 GeoReport v2 under /open311/v2. Outside /api, so the guard does not apply: GETs are
 * public (the public view never includes the reporter) and POST needs an api_key. Errors use the
 * spec's shape `[{ code, description }]` through this plugin's own error handler.
 */
const open311Routes: FastifyPluginAsyncTypebox<{ ctx: ReportsContext }> = async (app, { ctx }) => {
  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    if (error instanceof AppError)
      return reply.status(error.status).send([{ code: error.status, description: error.message }]);
    if (error.validation)
      return reply.status(400).send([{ code: 400, description: `请求参数不正确：${error.message}` }]);
    if (error.statusCode && error.statusCode < 500)
      return reply.status(error.statusCode).send([{ code: error.statusCode, description: error.message }]);
    request.log.error({ err: error }, 'open311 error');
    return reply.status(500).send([{ code: 500, description: '服务器开小差了，请稍后再试' }]);
  });

  app.get('/services.json', {
    schema: { tags, summary: 'Open311: service list', response: { 200: Open311ServiceList, ...errors } },
    handler: async () => listServices(ctx),
  });

  app.get('/services/:code.json', {
    schema: {
      tags,
      summary: 'Open311: service definition',
      params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
      response: { 200: Open311ServiceDefinition, ...errors },
    },
    handler: async (request) => (await getService(ctx, { code: request.params.code })) ?? Promise.reject(notFound()),
  });

  app.get('/requests.json', {
    schema: {
      tags,
      summary: 'Open311: requests (status, service_code, start_date, end_date)',
      querystring: Open311RequestsQuery,
      response: { 200: Open311RequestList, ...errors },
    },
    handler: async (request) => {
      const { service_request_id: ids, ...q } = request.query;
      return listRequests(ctx, {
        ...q,
        ...(ids ? { ids: ids.split(',').filter((id) => /^[0-9a-f-]{36}$/i.test(id)) } : {}),
      });
    },
  });

  app.get('/requests/:id.json', {
    schema: {
      tags,
      summary: 'Open311: one request',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      response: { 200: Type.Array(Open311Request), ...errors },
    },
    handler: async (request) => {
      const found = await listRequests(ctx, { ids: [request.params.id] });
      if (found.length === 0) throw notFound();
      return found;
    },
  });

  app.post('/requests.json', {
    schema: {
      tags,
      summary: 'Open311: create a request (multipart: api_key, service_code, lat, long, description, media×1–3)',
      consumes: ['multipart/form-data'],
      response: { 200: Open311Created, ...errors },
    },
    handler: async (request) => {
      const { fields, files } = await readMultipart(request, 'media', {
        fileSize: ctx.config.photoMaxBytes,
        files: MAX_PHOTOS,
      });
      const key = request.headers['idempotency-key'];
      return submitOpen311(ctx, {
        fields,
        files,
        idempotencyKey: typeof key === 'string' ? key : undefined,
      });
    },
  });
};

export default open311Routes;
