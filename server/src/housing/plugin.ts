import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { registerPhotoRoute, type PhotoStorage } from '../media/index.js';
import { createHousingContext } from './context.js';
import { apartmentPhotoKey } from './photos.js';
import housingRoutes from './routes.js';

/** 暖新公寓 housing: beds for riders, apartments and applications for their operators. */
export default fp(
  async function housing(app: FastifyInstance, opts: { storage?: PhotoStorage }) {
    const ctx = createHousingContext(app.db, app.config, app.clock, opts.storage);
    await app.register(housingRoutes, { prefix: '/api/v1/housing', ctx });
    // Apartment photos are public information (any rider browsing beds sees them): a signed link
    // (an <Image> cannot send the token) that caches for the hour it is valid.
    registerPhotoRoute(app, {
      path: '/media/apartments',
      signer: ctx.photos.signer,
      storage: ctx.photos.storage,
      cacheControl: 'public, max-age=3600',
      storageKeyOf: (id) => apartmentPhotoKey(ctx.db, id),
    });
  },
  { name: 'housing', dependencies: ['auth', 'multipart'] },
);
