import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';

/**
 * multipart/form-data (report photos, a stations import file). Limits are enforced while
 * streaming (busboy), so an oversized file or one file too many is refused before it is held in
 * memory. These are the ceilings; each reader passes its own tighter `limits` to
 * `request.parts()` (reports/multipart-input.ts, stations/upload.ts).
 */
export default fp(
  async function multipartPlugin(app: FastifyInstance, opts: { maxFileBytes: number; maxFiles: number }) {
    await app.register(multipart, {
      limits: {
        fileSize: opts.maxFileBytes,
        files: opts.maxFiles,
        fields: 20,
        fieldSize: 4096,
        parts: opts.maxFiles + 20,
        headerPairs: 100,
      },
      throwFileSizeLimit: true,
    });

    // A refusal fired while streaming (one file too many, too many fields) answers before the rest
    // of the body is read. Node does not drain a body that a parser has started to consume, so the
    // connection would never be read again and the next request on it — another user's, behind a
    // proxy that reuses upstream connections — would hang. Such an answer closes the connection;
    // the unread rest is discarded rather than left paused.
    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.raw.complete && request.isMultipart()) {
        reply.header('connection', 'close');
        request.raw.resume();
      }
      return payload;
    });
  },
  { name: 'multipart' },
);
