import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import { ErrorBody } from '@nuanxin/shared/common/schemas';
import { Me, TokenPair } from '@nuanxin/shared/auth/schemas';
import { Community, CommunityList, Merchant, Street } from '@nuanxin/shared/geo/schemas';
import { ImportReport, NearestStation, Station, StationBox, StationPage } from '@nuanxin/shared/stations/schemas';
import {
  MerchantRedemptions,
  MerchantVoucher,
  PointsSummary,
  Voucher,
  VoucherList,
} from '@nuanxin/shared/points/schemas';
import { Report, ReportDetail } from '@nuanxin/shared/reports/schemas';
import { MAX_PHOTOS } from '@nuanxin/shared/reports/constants';
import type { Config } from './platform/config.js';
import type { Database } from './db/client.js';
import { loggerOptions } from './platform/logging.js';
import { WeChatClient } from './platform/wechat.js';
import dbPlugin from './platform/plugins/db.js';
import errorsPlugin from './platform/plugins/errors.js';
import jwtPlugin from './platform/plugins/jwt.js';
import securityPlugin from './platform/plugins/security.js';
import rateLimitPlugin from './platform/plugins/rate-limit.js';
import swaggerPlugin from './platform/plugins/swagger.js';
import h5Plugin from './platform/plugins/h5.js';
import multipartPlugin from './platform/plugins/multipart.js';
import { MediaSigner, type ReportsContext } from './reports/context.js';
import { LocalPhotoStorage, type PhotoStorage } from './reports/storage.js';
import reportRoutes from './reports/routes.js';
import reportAdminRoutes from './reports/admin-routes.js';
import mediaRoutes from './reports/media.js';
import notificationRoutes from './notifications/routes.js';
import open311Routes from './reports/open311/routes.js';
import guardPlugin from './auth/guard.js';
import authRoutes from './auth/routes.js';
import accountRoutes from './auth/account-routes.js';
import geoRoutes from './geo/routes.js';
import accessRoutes from './access/routes.js';
import pointsRoutes from './points/routes.js';
import healthRoutes from './platform/health.js';
import stationRoutes from './stations/routes.js';

export interface BuildOptions {
  config: Config;
  database: Database;
  /** Close the database when the app closes (server.ts: yes; tests share one per file: no). */
  ownsDatabase?: boolean;
  /** Extra pino destination, for tests that read log lines. */
  logStream?: NodeJS.WritableStream;
  /** Photo storage; default: the local folder `config.reports.uploadDir`. */
  storage?: PhotoStorage;
  /** Clock of the use cases (tests move it to check SLAs and the reopen window). */
  now?: () => Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    wechat: WeChatClient;
    reports: ReportsContext;
  }
}

const REQUEST_ID = /^[\w-]{8,64}$/;

/** Builds the app without listening; server.ts listens, tests call `inject()`. */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logStream
      ? { ...loggerOptions(config.logLevel), stream: opts.logStream }
      : config.logPretty
        ? {
            ...loggerOptions(config.logLevel),
            transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } },
          }
        : loggerOptions(config.logLevel),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const schemas: TSchema[] = [ErrorBody, Me, TokenPair, Community, CommunityList, Street, Merchant];
  schemas.push(Station, StationPage, StationBox, NearestStation, ImportReport);
  schemas.push(Report, ReportDetail);
  schemas.push(PointsSummary, Voucher, VoucherList, MerchantVoucher, MerchantRedemptions);
  for (const schema of schemas) app.addSchema(schema);

  await app.register(errorsPlugin);
  await app.register(dbPlugin, { database: opts.database, closeOnShutdown: opts.ownsDatabase ?? false });
  await app.register(securityPlugin, { corsOrigins: config.corsOrigins });
  await app.register(rateLimitPlugin);
  await app.register(jwtPlugin, { secret: config.jwtSecret, accessTokenTtlSeconds: config.accessTokenTtlSeconds });
  await app.register(guardPlugin);
  await app.register(swaggerPlugin);
  // Ceilings only: each reader passes its own tighter limits (photos vs. an import file).
  await app.register(multipartPlugin, {
    maxFileBytes: Math.max(config.uploadMaxBytes, config.reports.photoMaxBytes),
    maxFiles: MAX_PHOTOS,
  });

  const wechat = new WeChatClient(config.wechat);
  const reports: ReportsContext = {
    db: opts.database.db,
    storage: opts.storage ?? new LocalPhotoStorage(config.reports.uploadDir),
    config: config.reports,
    // A key of its own, derived so rotating JWT_SECRET also rotates photo links.
    media: new MediaSigner(`media:${config.jwtSecret}`),
    pointsExpiryDays: config.points.expiryDays,
    now: opts.now ?? (() => new Date()),
  };
  app.decorate('wechat', wechat);
  app.decorate('reports', reports);
  await app.register(healthRoutes);
  await app.register(
    async (api) => {
      await api.register(authRoutes, { prefix: '/auth', config, wechat });
      await api.register(accountRoutes);
      await api.register(geoRoutes, { uploadMaxBytes: config.uploadMaxBytes });
      await api.register(stationRoutes, { uploadMaxBytes: config.uploadMaxBytes });
      await api.register(accessRoutes, { prefix: '/access', config: config.access });
      await api.register(pointsRoutes, { points: config.points });
      await api.register(reportRoutes, { ctx: reports });
      await api.register(reportAdminRoutes, { db: reports.db });
      await api.register(notificationRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register(mediaRoutes, { ctx: reports });
  await app.register(open311Routes, { prefix: '/open311/v2', ctx: reports, config });
  await app.register(h5Plugin, { dir: config.h5Dir });

  return app;
}
