import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { systemClock, type Clock } from '../context.js';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The configuration read once at start (platform/config.ts); each job plugin takes its slice. */
    config: Config;
    /** The clock of every use case (tests pass their own to buildApp). */
    clock: Clock;
  }
}

/** Decorates `app.config` and `app.clock`, which every job plugin builds its context from. */
export default fp(
  async function configPlugin(app: FastifyInstance, opts: { config: Config; now?: Clock }) {
    app.decorate('config', opts.config);
    app.decorate('clock', opts.now ?? systemClock);
  },
  { name: 'config' },
);
