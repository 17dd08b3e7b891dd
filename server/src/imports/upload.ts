import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../platform/app-error.js';

/** The form of an import upload (for the OpenAPI document): one file part named `file`. */
export const UPLOAD_FIELDS = {
  file: { type: 'string', format: 'binary', description: '.csv or .xlsx (stations also .geojson)' },
} as const;

/** Reads the one `file` part of a multipart upload, at most `maxBytes` (413 beyond). */
export async function readUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ fileName: string; bytes: Buffer }> {
  if (!request.isMultipart()) throw new AppError(415, 'MULTIPART_REQUIRED');
  let file: { fileName: string; bytes: Buffer } | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 5 } })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw badRequest('VALIDATION_FAILED', '上传文件的字段名应为 file', part.fieldname);
      }
      file = { fileName: part.filename ?? '', bytes: await part.toBuffer() };
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError(413, 'PAYLOAD_TOO_LARGE', `文件太大（最大 ${Math.floor(maxBytes / 1024 / 1024)} MB）`, 'file');
    if (code === 'FST_FILES_LIMIT') throw badRequest('VALIDATION_FAILED', '一次只能上传一个文件', 'file');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw badRequest('VALIDATION_FAILED', '表单字段太多');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError(415, 'MULTIPART_REQUIRED');
    if (err instanceof AppError) throw err;
    // Anything else the form parser throws (no boundary, a body cut short) is the request's fault.
    throw badRequest('MULTIPART_INVALID', undefined, 'file');
  }
  if (!file) throw badRequest('VALIDATION_FAILED', '缺少上传文件 file', 'file');
  return file;
}
