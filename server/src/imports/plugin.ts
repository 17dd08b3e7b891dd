import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ImportRun, ImportRunList } from '@nuanxin/shared/imports/schemas';
import { createImportsContext } from './context.js';
import importRoutes from './routes.js';
import type { ImportRunner } from './runner.js';

declare module 'fastify' {
  interface FastifyInstance {
    importRunner: ImportRunner;
  }
}

/** Bulk imports (communities with gates and agreements; stations): upload, dry run, confirm, progress. */
export default fp(
  async function imports(app: FastifyInstance) {
    app.addSchema(ImportRun);
    app.addSchema({ ...ImportRunList, $id: 'ImportRunList' });
    const ctx = createImportsContext(app.db, app.config, app.clock, (msg, err) => app.log.error({ err }, msg));
    // Runs going on finish (or fail) before the database closes; their workers stop.
    app.addHook('onClose', async () => ctx.runner.close());
    // Live progress events, for tests that follow a run ('progress' (runId, { status, done, total })).
    app.decorate('importRunner', ctx.runner);
    await app.register(importRoutes, { prefix: '/api/v1', ctx });
    // A server (not a test app) starts its import worker once it is up, so the first upload is quick.
    if (app.config.env !== 'test') app.addHook('onReady', async () => ctx.runner.warm());
  },
  { name: 'imports', dependencies: ['auth', 'multipart', 'stations'] },
);
