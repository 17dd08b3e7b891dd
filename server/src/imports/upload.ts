import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../platform/app-error.js';
import { fileUploadRefusals, multipartError } from '../platform/plugins/multipart.js';

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
    throw multipartError(err, fileUploadRefusals(maxBytes));
  }
  if (!file) throw badRequest('VALIDATION_FAILED', '缺少上传文件 file', 'file');
  return file;
}
