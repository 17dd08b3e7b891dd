import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

/** Serves the built H5 app at `/` (same origin as the API, so no CORS in the browser build). */
export default fp(
  async function h5Plugin(app: FastifyInstance, opts: { dir: string }) {
    if (!fs.existsSync(`${opts.dir}/index.html`)) {
      app.log.info({ dir: opts.dir }, 'H5 build not found; serving the API only');
      return;
    }
    await app.register(fastifyStatic, { root: opts.dir, prefix: '/', decorateReply: false, wildcard: true });
  },
  { name: 'h5' },
);
