import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import { legalCaseAttachments } from '../db/schema/index.js';
import { forbidden, notFound } from '../platform/app-error.js';
import { photoKey, thumbnailOf } from '../reports/index.js';
import type { LegalContext } from './context.js';

/**
 * Attachment bytes, outside /api: the short-lived signed URL is the authorisation (an <Image>
 * cannot send the token). Never cached by a shared cache: `private, no-store`.
 */
const legalMediaRoutes: FastifyPluginAsyncTypebox<{ ctx: LegalContext }> = async (app, { ctx }) => {
  app.get('/media/legal/:id/:size', {
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
      if (!ctx.signer.verify(id, size, request.query.exp, request.query.sig)) throw forbidden('FORBIDDEN');
      const [row] = await ctx.db
        .select({ key: legalCaseAttachments.storageKey })
        .from(legalCaseAttachments)
        .where(eq(legalCaseAttachments.id, id));
      if (!row) throw notFound();
      let bytes: Buffer | NodeJS.ReadableStream | null = await ctx.storage.open(photoKey(row.key, size));
      if (!bytes && size === 'thumb') {
        // A kept JPEG has no stored thumbnail: made from the display photo (not kept; few views).
        const display = await ctx.storage.read(photoKey(row.key, 'display'));
        bytes = display ? await thumbnailOf(display) : null;
      }
      if (!bytes) throw notFound();
      return reply.type('image/jpeg').header('cache-control', 'private, no-store').send(bytes);
    },
  });
};

export default legalMediaRoutes;
