import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { MAX_PHOTOS } from '@nuanxin/shared/reports/constants';
import type { Database } from './db/client.js';
import type { Config } from './platform/config.js';
import type { Clock } from './platform/context.js';
import { fastifyOptions } from './platform/fastify-options.js';
import { lazyCompilers } from './platform/compilers.js';
import configPlugin from './platform/plugins/config.js';
import requestIdPlugin from './platform/plugins/request-id.js';
import dbPlugin from './platform/plugins/db.js';
import readsPlugin from './platform/plugins/reads.js';
import errorsPlugin from './platform/plugins/errors.js';
import securityPlugin from './platform/plugins/security.js';
import rateLimitPlugin from './platform/plugins/rate-limit.js';
import jwtPlugin from './platform/plugins/jwt.js';
import swaggerPlugin from './platform/plugins/swagger.js';
import multipartPlugin from './platform/plugins/multipart.js';
import inputGuardPlugin from './platform/plugins/input-guard.js';
import wechatPlugin from './platform/plugins/wechat.js';
import healthPlugin from './platform/health.js';
import h5Plugin from './platform/plugins/h5.js';
import { authPlugin } from './auth/index.js';
import { notificationsPlugin } from './notifications/index.js';
import { geoPlugin } from './geo/index.js';
import { stationsPlugin } from './stations/index.js';
import { accessPlugin } from './access/index.js';
import { pointsPlugin } from './points/index.js';
import { reportsPlugin, type PhotoStorage } from './reports/index.js';
import { privacyPlugin } from './privacy/index.js';
import { importsPlugin } from './imports/index.js';
import { auditPlugin } from './audit/index.js';
import { legalPlugin } from './legal/index.js';
import { calendarPlugin } from './calendar/index.js';
import { activitiesPlugin } from './activities/index.js';
import { tasksPlugin } from './tasks/index.js';
import { suggestionsPlugin } from './suggestions/index.js';
import { wishesPlugin } from './wishes/index.js';
import { housingPlugin } from './housing/index.js';
import { dashboardsPlugin } from './dashboards/index.js';

export interface BuildOptions {
  config: Config;
  database: Database;
  /** Close the database when the app closes (server.ts: yes; tests share one per file: no). */
  ownsDatabase?: boolean;
  /** Extra pino destination, for tests that read log lines. */
  logStream?: NodeJS.WritableStream;
  /** Photo storage; default: the local folder `config.reports.uploadDir`. */
  storage?: PhotoStorage;
  /** Clock of every use case (tests move it to check deadlines, windows and expiry). */
  now?: Clock;
}

/** Builds the app without listening: the platform plugins, then one plugin per job. */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const compilers = lazyCompilers();
  const app = Fastify({
    ...fastifyOptions(config, opts.logStream),
    schemaController: compilers.schemaController,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('compileSchemas', compilers.compileAll);

  await app.register(configPlugin, { config, now: opts.now });
  await app.register(requestIdPlugin);
  await app.register(errorsPlugin);
  await app.register(dbPlugin, { database: opts.database, closeOnShutdown: opts.ownsDatabase ?? false });
  await app.register(securityPlugin, { corsOrigins: config.corsOrigins });
  await app.register(rateLimitPlugin);
  await app.register(jwtPlugin, { secret: config.jwtSecret, accessTokenTtlSeconds: config.accessTokenTtlSeconds });
  await app.register(swaggerPlugin);
  await app.register(inputGuardPlugin);
  // Ceilings only: each reader passes its own tighter limits (photos vs. an import file).
  await app.register(multipartPlugin, {
    maxFileBytes: Math.max(config.uploadMaxBytes, config.reports.photoMaxBytes),
    maxFiles: MAX_PHOTOS,
  });
  await app.register(wechatPlugin);
  await app.register(healthPlugin);

  await app.register(authPlugin);
  await app.register(readsPlugin);
  await app.register(notificationsPlugin);
  await app.register(geoPlugin);
  await app.register(stationsPlugin);
  await app.register(accessPlugin);
  await app.register(pointsPlugin);
  await app.register(reportsPlugin, { storage: opts.storage });
  await app.register(importsPlugin);
  await app.register(auditPlugin);
  await app.register(calendarPlugin);
  await app.register(legalPlugin);
  await app.register(activitiesPlugin);
  await app.register(tasksPlugin);
  await app.register(suggestionsPlugin);
  await app.register(wishesPlugin);
  await app.register(housingPlugin);
  await app.register(dashboardsPlugin);
  await app.register(privacyPlugin, { storage: opts.storage });

  await app.register(h5Plugin, { dir: config.h5Dir });
  return app;
}
