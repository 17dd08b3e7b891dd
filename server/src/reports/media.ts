import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import { reportPhotos } from '../db/schema/index.js';
import { forbidden, notFound } from '../errors/app-error.js';
import { photoKey, type ReportsContext } from './context.js';

/**
 * Photo bytes, outside /api: the signed URL is the authorisation (see MediaSigner). Behind a CDN
 * this route is the origin.
 */
const mediaRoutes: FastifyPluginAsyncTypebox<{ ctx: ReportsContext }> = async (app, { ctx }) => {
  app.get('/media/photos/:id/:size', {
    schema: {
      hide: true,
      params: Type.Object({
        id: Type.String({ format: 'uuid' }),
        size: Type.Union([Type.Literal('display.jpg'), Type.Literal('thumb.jpg')]),
      }),
      querystring: Type.Object({ exp: Type.Integer(), sig: Type.String({ maxLength: 64 }) }),
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      const size = request.params.size === 'thumb.jpg' ? 'thumb' : 'display';
      if (!ctx.media.verify(id, size, request.query.exp, request.query.sig)) throw forbidden('FORBIDDEN');
      const [photo] = await ctx.db
        .select({ key: reportPhotos.storageKey })
        .from(reportPhotos)
        .where(eq(reportPhotos.id, id));
      if (!photo) throw notFound();
      const stream = await ctx.storage.open(photoKey(photo.key, size));
      if (!stream) throw notFound();
      return reply.type('image/jpeg').header('cache-control', 'private, max-age=3600').send(stream);
    },
  });
};

export default mediaRoutes;
