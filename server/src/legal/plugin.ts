import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { CaseDetail } from '@nuanxin/shared/legal/schemas';
import { Type } from '@sinclair/typebox';
import { createLegalContext } from './context.js';
import legalRoutes from './routes.js';
import { eq } from 'drizzle-orm';
import { legalCaseAttachments } from '../db/schema/index.js';
import { registerPhotoRoute, type PhotoStorage } from '../media/index.js';

/** 法律援助 · 一站式调解: riders' cases, the district mediation centre's steps, signed attachment links. */
export default fp(
  async function legal(app: FastifyInstance, opts: { storage?: PhotoStorage }) {
    const ctx = createLegalContext(app.db, app.config, app.clock, opts.storage);
    app.addSchema(Type.Composite([CaseDetail], { $id: 'LegalCaseDetail' }));
    await app.register(legalRoutes, { prefix: '/api/v1', ctx });
    // Attachment bytes: the short-lived signed URL is the authorisation (an <Image> cannot send the
    // token). Never cached by a shared cache.
    registerPhotoRoute(app, {
      path: '/media/legal',
      signer: ctx.signer,
      storage: ctx.storage,
      cacheControl: 'private, no-store',
      storageKeyOf: async (id) => {
        const [row] = await ctx.db
          .select({ key: legalCaseAttachments.storageKey })
          .from(legalCaseAttachments)
          .where(eq(legalCaseAttachments.id, id));
        return row?.key ?? null;
      },
    });
  },
  { name: 'legal', dependencies: ['auth', 'multipart', 'notifications'] },
);
