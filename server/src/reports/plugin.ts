import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Report, ReportDetail } from '@nuanxin/shared/reports/schemas';
import { MediaSigner, type ReportsContext } from './context.js';
import { LocalPhotoStorage, type PhotoStorage } from './storage.js';
import reportRoutes from './routes.js';
import reportAdminRoutes from './admin-routes.js';
import mediaRoutes from './media.js';
import open311Routes from './open311/routes.js';

/** 随手拍: riders' reports, the street's workflow, signed photo links, and the city's Open311 door. */
export default fp(
  async function reports(app: FastifyInstance, opts: { storage?: PhotoStorage }) {
    const { config } = app;
    const ctx: ReportsContext = {
      db: app.db,
      storage: opts.storage ?? new LocalPhotoStorage(config.reports.uploadDir),
      config: config.reports,
      // A key of its own, derived so rotating JWT_SECRET also rotates photo links.
      media: new MediaSigner(`media:${config.jwtSecret}`),
      pointsExpiryDays: config.points.expiryDays,
      now: app.clock,
    };
    for (const schema of [Report, ReportDetail]) app.addSchema(schema);
    await app.register(reportRoutes, { prefix: '/api/v1', ctx });
    await app.register(reportAdminRoutes, { prefix: '/api/v1', db: ctx.db });
    await app.register(mediaRoutes, { ctx });
    await app.register(open311Routes, { prefix: '/open311/v2', ctx, config });
  },
  { name: 'reports', dependencies: ['auth', 'multipart', 'points', 'notifications'] },
);
