import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';
import { AppError, badRequest } from '../app-error.js';

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

/**
 * What a multipart reader throws when reading a form fails, one mapping for every reader
 * (reports/multipart-input.ts, imports/upload.ts, stations/upload.ts): the limits that fire while
 * streaming become the reader's own codes (`tooLarge`, `tooManyFiles`: a photo and an import file
 * say it differently), too many fields a 400, a request that is not multipart a 415, and anything
 * else the form parser throws (no boundary, a body cut short, a malformed part header) 400
 * MULTIPART_INVALID: the request's fault, never a 500. An AppError the reader threw passes through.
 */
export function multipartError(
  err: unknown,
  opts: { field: string; tooLarge: () => AppError; tooManyFiles: () => AppError },
): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return opts.tooLarge();
  if (code === 'FST_FILES_LIMIT') return opts.tooManyFiles();
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return badRequest('VALIDATION_FAILED', '表单字段太多');
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AppError(415, 'MULTIPART_REQUIRED');
  return badRequest('MULTIPART_INVALID', undefined, opts.field);
}

/** How a one-file upload (an import) says "too big" and "one file only". */
export const fileUploadRefusals = (maxBytes: number) => ({
  field: 'file',
  tooLarge: () => new AppError(413, 'PAYLOAD_TOO_LARGE', `文件太大（最大 ${sizeLabel(maxBytes)}）`, 'file'),
  tooManyFiles: () => badRequest('VALIDATION_FAILED', '一次只能上传一个文件', 'file'),
});

const sizeLabel = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.floor(bytes / 1024 / 1024)} MB` : `${Math.max(1, Math.floor(bytes / 1024))} KB`;
