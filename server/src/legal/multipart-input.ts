import type { FastifyRequest } from 'fastify';
import { MAX_ATTACHMENTS } from '@nuanxin/shared/legal/constants';
import { AppError, badRequest } from '../platform/app-error.js';
import { multipartError } from '../platform/plugins/multipart.js';

/** Reads the files of one multipart field (HTTP shape only); the limits fire while streaming. */
export async function readPhotos(request: FastifyRequest, field: string, fileSize: number): Promise<Buffer[]> {
  if (!request.isMultipart()) throw new AppError(415, 'MULTIPART_REQUIRED');
  const files: Buffer[] = [];
  try {
    for await (const part of request.parts({ limits: { fileSize, files: MAX_ATTACHMENTS } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname === field) files.push(data);
      }
    }
  } catch (err) {
    throw multipartError(err, {
      field,
      tooLarge: () => new AppError(413, 'PHOTO_TOO_LARGE', undefined, field),
      tooManyFiles: () => badRequest('TOO_MANY_ATTACHMENTS', undefined, field),
    });
  }
  return files;
}
