import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import { reportPhotos } from '../db/schema/index.js';
import { forbidden, notFound } from '../platform/app-error.js';
import { photoKey, type ReportsContext } from './context.js';
import { thumbnailOf } from './photos.js';

/**
 * Photo bytes, outside /api: the signed URL is the authorisation (see MediaSigner). Behind a CDN
 * this route is the origin.
 */
const mediaRoutes: FastifyPluginAsyncTypebox<{ ctx: ReportsContext }> = async (app, { ctx }) => {
  // Thumbnails being made, by storage key: a list of reports opened by several staff at once asks
  // for the same new thumbnail several times; it is made once.
  const making = new Map<string, Promise<Buffer | null>>();
  // Stored photos found not to decode: asked again, they answer 404 at once instead of costing
  // another decode each time a list shows them (bounded; forgotten on restart).
  const undecodable = new Set<string>();

  /** A kept JPEG's thumbnail, made from its display photo on first view and stored (see `thumbnailOf`). */
  const makeThumbnail = (storageKey: string): Promise<Buffer | null> => {
    if (undecodable.has(storageKey)) return Promise.resolve(null);
    let pending = making.get(storageKey);
    if (!pending) {
      pending = (async () => {
        const display = await ctx.storage.read(photoKey(storageKey, 'display'));
        if (!display) return null;
        const thumb = await thumbnailOf(display);
        if (!thumb) {
          app.log.warn({ storageKey }, 'stored photo does not decode: no thumbnail');
          if (undecodable.size >= 10_000) undecodable.clear();
          undecodable.add(storageKey);
          return null;
        }
        try {
          const staged = await ctx.storage.stage([{ key: photoKey(storageKey, 'thumb'), data: thumb }]);
          await staged.commit();
        } catch (err) {
          // A full disk: the thumbnail is still shown, only not kept (made again next time).
          app.log.warn({ err, storageKey }, 'thumbnail not stored');
        }
        return thumb;
      })().finally(() => making.delete(storageKey));
      making.set(storageKey, pending);
    }
    return pending;
  };

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
      const bytes =
        (await ctx.storage.open(photoKey(photo.key, size))) ??
        (size === 'thumb' ? await makeThumbnail(photo.key) : null);
      if (!bytes) throw notFound();
      return reply.type('image/jpeg').header('cache-control', 'private, max-age=3600').send(bytes);
    },
  });
};

export default mediaRoutes;
