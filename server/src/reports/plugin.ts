import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Report, ReportDetail } from '@nuanxin/shared/reports/schemas';
import { createReportsContext } from './context.js';
import reportRoutes from './routes.js';
import reportAdminRoutes from './admin-routes.js';
import { eq } from 'drizzle-orm';
import { reportPhotos } from '../db/schema/index.js';
import { registerPhotoRoute, type PhotoStorage } from '../media/index.js';
import open311Routes from './open311/routes.js';
import { OPEN311_PREFIX, open311Errors } from './open311/errors.js';
import cityRoutes from './city/routes.js';

/** 随手拍: riders' reports, the street's workflow, signed photo links, and the city's Open311 door. */
export default fp(
  async function reports(app: FastifyInstance, opts: { storage?: PhotoStorage }) {
    const ctx = createReportsContext(app.db, app.config, app.clock, opts.storage);
    for (const schema of [Report, ReportDetail]) app.addSchema(schema);
    await app.register(reportRoutes, { prefix: '/api/v1', ctx });
    await app.register(reportAdminRoutes, { prefix: '/api/v1', ctx });
    await app.register(cityRoutes, { prefix: '/api/v1', ctx });
    // Photo bytes, outside /api: the signed URL is the authorisation.
    registerPhotoRoute(app, {
      path: '/media/photos',
      signer: ctx.media,
      storage: ctx.storage,
      cacheControl: 'private, max-age=3600',
      storageKeyOf: async (id) => {
        const [row] = await ctx.db
          .select({ key: reportPhotos.storageKey })
          .from(reportPhotos)
          .where(eq(reportPhotos.id, id));
        return row?.key ?? null;
      },
    });
    app.errorShapes.push(open311Errors);
    await app.register(open311Routes, { prefix: OPEN311_PREFIX, ctx });
  },
  { name: 'reports', dependencies: ['auth', 'multipart', 'points', 'notifications'] },
);
