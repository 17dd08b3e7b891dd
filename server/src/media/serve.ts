import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { forbidden, notFound } from '../platform/app-error.js';
import { thumbnailOf } from './photos.js';
import { photoKey, type SignedPhotoUrls } from './signer.js';
import type { PhotoStorage } from './storage.js';

export interface PhotoRouteOptions {
  /** e.g. `/media/photos`; the route is `<path>/:id/:size` (display.jpg, thumb.jpg). */
  path: string;
  signer: SignedPhotoUrls;
  storage: PhotoStorage;
  /** The photo's storage key by its id, or null when there is no such photo (any more). */
  storageKeyOf: (id: string) => Promise<string | null>;
  /** `private, max-age=3600` for report photos; `private, no-store` for private attachments. */
  cacheControl: string;
}

/**
 * Serves photo bytes, outside /api: the signed URL is the authorisation (see SignedPhotoUrls).
 * Behind a CDN this route is the origin. A kept JPEG has no stored thumbnail: it is made from the
 * display photo on first view, stored, and made once even when several viewers ask at once.
 */
export function registerPhotoRoute(app: FastifyInstance, opts: PhotoRouteOptions): void {
  // Thumbnails being made, by storage key: a list opened by several staff at once asks for the
  // same new thumbnail several times; it is made once.
  const making = new Map<string, Promise<Buffer | null>>();
  // Stored photos found not to decode: asked again, they answer 404 at once instead of costing
  // another decode each time a list shows them (bounded; forgotten on restart).
  const undecodable = new Set<string>();

  const makeThumbnail = (storageKey: string): Promise<Buffer | null> => {
    if (undecodable.has(storageKey)) return Promise.resolve(null);
    let pending = making.get(storageKey);
    if (!pending) {
      pending = (async () => {
        const display = await opts.storage.read(photoKey(storageKey, 'display'));
        if (!display) return null;
        const thumb = await thumbnailOf(display);
        if (!thumb) {
          app.log.warn({ storageKey }, 'stored photo does not decode: no thumbnail');
          if (undecodable.size >= 10_000) undecodable.clear();
          undecodable.add(storageKey);
          return null;
        }
        try {
          const staged = await opts.storage.stage([{ key: photoKey(storageKey, 'thumb'), data: thumb }]);
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

  app.get(`${opts.path}/:id/:size`, {
    schema: {
      hide: true,
      params: Type.Object({
        id: Type.String({ format: 'uuid' }),
        size: Type.Union([Type.Literal('display.jpg'), Type.Literal('thumb.jpg')]),
      }),
      querystring: Type.Object({ exp: Type.Integer(), sig: Type.String({ maxLength: 64 }) }),
    },
    handler: async (request, reply) => {
      const { id, size: file } = request.params as { id: string; size: string };
      const { exp, sig } = request.query as { exp: number; sig: string };
      const size = file === 'thumb.jpg' ? 'thumb' : 'display';
      if (!opts.signer.verify(id, size, exp, sig)) throw forbidden('FORBIDDEN');
      const key = await opts.storageKeyOf(id);
      if (!key) throw notFound();
      const bytes =
        (await opts.storage.open(photoKey(key, size))) ?? (size === 'thumb' ? await makeThumbnail(key) : null);
      if (!bytes) throw notFound();
      return reply.type('image/jpeg').header('cache-control', opts.cacheControl).send(bytes);
    },
  });
}
