import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { PhotoStorage } from '../media/index.js';
import { createPrivacyContext } from './context.js';
import privacyRoutes from './routes.js';

/** PIPL rights: 我的 → 隐私, consent records, export, account deletion (retention runs in jobs.ts). */
export default fp(
  async function privacy(app: FastifyInstance, opts: { storage?: PhotoStorage }) {
    const ctx = createPrivacyContext(app.db, app.config, app.clock, opts.storage);
    await app.register(privacyRoutes, { prefix: '/api/v1/privacy', ctx });
  },
  { name: 'privacy', dependencies: ['auth', 'points', 'reports'] },
);
