import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../platform/app-error.js';
import { refuseNul } from '../platform/plugins/input-guard.js';

/**
 * Reads a multipart request into text fields and file buffers (HTTP shape only; rules live in the
 * use case). The limits fire while streaming; they become our codes here.
 */
export async function readMultipart(
  request: FastifyRequest,
  fileField: string,
  limits: { fileSize: number; files: number },
): Promise<{ fields: Record<string, string>; files: Buffer[] }> {
  if (!request.isMultipart()) throw new AppError(415, 'MULTIPART_REQUIRED');
  const fields: Record<string, string> = {};
  const files: Buffer[] = [];
  try {
    for await (const part of request.parts({ limits })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname === fileField) files.push(data);
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw badRequest('TOO_MANY_PHOTOS', undefined, fileField);
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'PHOTO_TOO_LARGE', undefined, fileField);
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw badRequest('VALIDATION_FAILED', '表单字段太多');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError(415, 'MULTIPART_REQUIRED');
    // Anything else the form parser throws (no boundary, a body cut short, a malformed part
    // header) is the request's fault: nothing here touches storage or the database.
    throw badRequest('MULTIPART_INVALID', undefined, fileField);
  }
  refuseNul(fields, 'body', request);
  return { fields, files };
}
