import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_MESSAGES } from '@nuanxin/shared/common/errors';
import { MAX_PHOTOS } from '@nuanxin/shared/reports/constants';
import {
  Open311Created,
  Open311Discovery,
  Open311Request,
  Open311RequestList,
  Open311RequestsQuery,
  Open311ServiceDefinition,
  Open311ServiceList,
  Open311TokenList,
} from '@nuanxin/shared/open311/schemas';
import { AppError } from '../../platform/app-error.js';
import { isUuid } from '../../platform/cursor.js';
import type { ReportsContext } from '../context.js';
import { readMultipart } from '../../media/index.js';
import { OPEN311_FORMATS, toXml, XML_TYPE, type Open311Format } from './format.js';
import { findByToken, getService, listRequests, listServices } from './queries.js';
import { checkJurisdiction, submitOpen311 } from './submit.js';
import { readsFor } from '../../platform/plugins/reads.js';

const tags = ['open311'];
const notFound = () => new AppError(404, 'NOT_FOUND');
const Jurisdiction = Type.Object({ jurisdiction_id: Type.Optional(Type.String({ maxLength: 200 })) });
/** When the API last changed in a way a client would notice (discovery's `changeset`). */
const CHANGESET = '2026-12-07T00:00:00Z';

/** Sends `data` in the route's format: JSON as it is, XML under the standard's document element. */
function answer(reply: FastifyReply, format: Open311Format, root: string, data: unknown) {
  if (format === 'json') return data;
  return reply.type(XML_TYPE).send(toXml(root, data));
}

/** The 200 schema of a JSON route (serialises and documents it); XML routes answer text. */
function ok(format: Open311Format, schema: TSchema) {
  return format === 'json' ? { response: { 200: schema }, produces: ['application/json'] } : { produces: ['text/xml'] };
}

/**
 * Open311 GeoReport v2 under /open311/v2, every resource in XML (the standard's default) and JSON
 * by its extension. Outside /api, so the guard does not apply: GETs are public (the public view
 * never includes the reporter) and POST needs an api_key.
 *
 * Errors: every error of this prefix — ours, validation, an unknown route, a refused body — goes
 * through the app's one error handler (Chinese message, 4xx); `open311Errors` (./errors.ts) then
 * puts it in the standard's shape.
 */
const open311Routes: FastifyPluginAsyncTypebox<{ ctx: ReportsContext }> = async (app, { ctx }) => {
  // The standard's POST is a form; the parser is registered in this plugin only.
  await app.register(formbody);

  app.setNotFoundHandler((_request, reply) => {
    reply.status(404).send({ code: 'ROUTE_NOT_FOUND', message: ERROR_MESSAGES.ROUTE_NOT_FOUND });
  });

  for (const format of OPEN311_FORMATS) {
    app.get(`/discovery.${format}`, {
      schema: { tags, summary: `Open311: service discovery (${format})`, ...ok(format, Open311Discovery) },
      handler: async (request, reply) => {
        // The standard's url is absolute: the configured origin, else the one the partner called.
        const origin = ctx.config.open311PublicUrl || `${request.protocol}://${request.host}`;
        const url = `${origin}/open311/v2`;
        return answer(reply, format, 'discovery', {
          changeset: CHANGESET,
          contact: '暖新平台运营：请联系所在区的平台管理员',
          key_service: '向所在区的平台管理员申请 api_key',
          endpoints: [
            {
              specification: 'http://wiki.open311.org/GeoReport_v2',
              url,
              changeset: CHANGESET,
              type: 'production',
              formats: ['text/xml', 'application/json'],
            },
          ],
        });
      },
    });

    app.get(`/services.${format}`, {
      schema: {
        tags,
        summary: `Open311: service list (${format})`,
        querystring: Jurisdiction,
        ...ok(format, Open311ServiceList),
      },
      handler: async (request, reply) => {
        checkJurisdiction(ctx, request.query.jurisdiction_id);
        return answer(reply, format, 'services', await listServices(readsFor(ctx, request)));
      },
    });

    app.get(`/services/:service_code.${format}`, {
      schema: {
        tags,
        summary: `Open311: service definition, with the category's extra questions (${format})`,
        params: Type.Object({ service_code: Type.String({ maxLength: 64 }) }),
        querystring: Jurisdiction,
        ...ok(format, Open311ServiceDefinition),
      },
      handler: async (request, reply) => {
        checkJurisdiction(ctx, request.query.jurisdiction_id);
        const found = await getService(readsFor(ctx, request), { code: request.params.service_code });
        if (!found) throw notFound();
        return answer(reply, format, 'service_definition', found);
      },
    });

    app.get(`/requests.${format}`, {
      schema: {
        tags,
        summary: `Open311: requests (status, service_code, start_date, end_date, service_request_id) (${format})`,
        querystring: Open311RequestsQuery,
        ...ok(format, Open311RequestList),
      },
      handler: async (request, reply) => {
        const { service_request_id: ids, jurisdiction_id: jurisdiction, ...q } = request.query;
        checkJurisdiction(ctx, jurisdiction);
        const found = await listRequests(readsFor(ctx, request), {
          ...q,
          ...(ids ? { ids: ids.split(',').filter((id) => isUuid(id)) } : {}),
        });
        return answer(reply, format, 'service_requests', found);
      },
    });

    app.get(`/requests/:service_request_id.${format}`, {
      schema: {
        tags,
        summary: `Open311: one request (${format})`,
        params: Type.Object({ service_request_id: Type.String({ maxLength: 64 }) }),
        querystring: Jurisdiction,
        ...ok(format, Type.Array(Open311Request)),
      },
      handler: async (request, reply) => {
        checkJurisdiction(ctx, request.query.jurisdiction_id);
        const id = request.params.service_request_id;
        // Not one of our ids: not found (never an English format message, never SQL).
        const found = isUuid(id) ? await listRequests(readsFor(ctx, request), { ids: [id] }) : [];
        if (found.length === 0) throw notFound();
        return answer(reply, format, 'service_requests', found);
      },
    });

    app.get(`/tokens/:token.${format}`, {
      schema: {
        tags,
        summary: `Open311: the request a token stands for (ids are immediate here; see README) (${format})`,
        params: Type.Object({ token: Type.String({ maxLength: 64 }) }),
        querystring: Jurisdiction,
        ...ok(format, Open311TokenList),
      },
      handler: async (request, reply) => {
        checkJurisdiction(ctx, request.query.jurisdiction_id);
        const found = await findByToken(ctx, { token: request.params.token });
        if (found.length === 0) throw notFound();
        return answer(reply, format, 'service_requests', found);
      },
    });

    app.post(`/requests.${format}`, {
      schema: {
        tags,
        summary:
          'Open311: create a request (form-urlencoded, or multipart with media×0–3): api_key, service_code, ' +
          `lat, long, description, media_url, attribute[code], jurisdiction_id (${format})`,
        consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
        ...ok(format, Open311Created),
      },
      handler: async (request: FastifyRequest, reply) => {
        let fields: Record<string, unknown>;
        let files: Buffer[] = [];
        if (request.isMultipart()) {
          const read = await readMultipart(request, 'media', { fileSize: ctx.config.photoMaxBytes, files: MAX_PHOTOS });
          // A repeated field (a multivaluelist's answers) keeps every value, as the form body does.
          fields = Object.fromEntries(
            Object.entries(read.values).map(([name, all]) => [name, all.length === 1 ? all[0] : all]),
          );
          files = read.files;
        } else {
          const body = request.body;
          fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
        }
        const key = request.headers['idempotency-key'];
        const created = await submitOpen311(ctx, {
          fields,
          files,
          idempotencyKey: typeof key === 'string' ? key : undefined,
        });
        return answer(reply, format, 'service_requests', created);
      },
    });
  }
};

export default open311Routes;
