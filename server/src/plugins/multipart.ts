import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';

/**
 * multipart/form-data for photo uploads. Limits are enforced while streaming (busboy), so an
 * oversized file or a fourth photo is refused before it is held in memory.
 */
export default fp(
  async function multipartPlugin(app: FastifyInstance, opts: { fileSizeBytes: number; maxFiles: number }) {
    await app.register(multipart, {
      limits: {
        fileSize: opts.fileSizeBytes,
        files: opts.maxFiles,
        fields: 20,
        fieldSize: 4096,
        parts: opts.maxFiles + 20,
      },
    });
  },
  { name: 'multipart' },
);
