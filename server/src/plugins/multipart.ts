import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';

/**
 * `multipart/form-data` uploads (a stations import file). Parts are read in the handler
 * (`request.parts()`), nothing is written to disk; one file of at most `uploadMaxBytes` and a few
 * small text fields per request. A bigger file stops the read with a 413 (see stations/upload.ts).
 */
export default fp(
  async function multipartPlugin(app: FastifyInstance, opts: { uploadMaxBytes: number }) {
    await app.register(multipart, {
      limits: { fileSize: opts.uploadMaxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 },
      throwFileSizeLimit: true,
    });
  },
  { name: 'multipart' },
);
