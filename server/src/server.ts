import { ConfigError, loadConfig } from './platform/config.js';
import { DataDirInUseError, openDatabase } from './db/client.js';
import { seedDemo } from './seed/demo.js';
import { buildApp } from './app.js';
import { createNotificationsContext, startOutboxWorker } from './notifications/index.js';
import { appJobs } from './jobs.js';
import { startScheduler } from './platform/scheduler.js';
import { LocalPhotoStorage, sweepPhotoFiles } from './reports/index.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // The app's logger exists only once the app is built; the standby can fail before that.
  let replicaDown = (err: unknown) => console.warn(`read replica unreachable: ${(err as Error).message}`);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    replicaUrl: config.databaseReplicaUrl,
    onReplicaDown: (err) => replicaDown(err),
  });
  await database.migrate();
  if (config.demoMode) await seedDemo(database.db, { idHashKey: config.access.idHashKey });

  const storage = new LocalPhotoStorage(config.reports.uploadDir);
  // After a crash: finish or undo the photo writes it cut short (reports/sweep.ts).
  const swept = await sweepPhotoFiles(database.db, storage);
  const app = await buildApp({ config, database, ownsDatabase: true, storage });
  replicaDown = (err) =>
    app.log.warn({ reason: (err as Error).message }, 'read replica unreachable: reads go to the primary for a while');
  if (swept.committed + swept.discarded + swept.orphans > 0) app.log.warn({ swept }, 'photo files swept');
  // Notification delivery runs here, not in buildApp: tests drive deliverDue() themselves.
  if (config.notifications.intervalMs > 0) {
    const stop = startOutboxWorker(createNotificationsContext(database.db, config, app.wechat), app.log);
    app.addHook('onClose', stop);
  }
  // Periodic jobs (voucher and points expiry, notices, access purge), each under an advisory lock
  // so only one replica runs a job at a time. Here too, not in buildApp: tests run jobs directly.
  const stopJobs = startScheduler(database, appJobs(database, config), app.log.child({ component: 'jobs' }));
  app.addHook('onClose', stopJobs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  // Every route's schemas compiled before the first request, not on it: a broken schema stops the
  // start, and no user waits for a compile (tests build an app per file and compile what they use).
  await app.ready();
  app.log.info({ schemas: app.compileSchemas() }, 'route schemas compiled');
  await app.listen({ host: config.host, port: config.port });
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const banner = `暖新 ready — open ${base}/ (app) · ${base}/docs (API) · database: ${
    database.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'
  }${config.demoMode ? ' · demo mode: pick a demo account on the login page' : ''}`;
  app.log.info(banner);
  // Also on stdout in plain text: the first thing a new user looks for.
  console.log(`\n${banner}\n`);
}

main().catch((err) => {
  console.error(err instanceof DataDirInUseError ? err.message : err);
  process.exit(1);
});
