import type { ErrorCode } from '@nuanxin/shared/common/errors';
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../platform/app-error.js';
import { refuseNul } from '../platform/plugins/input-guard.js';
import { multipartError } from '../platform/plugins/multipart.js';

/**
 * Reads a multipart request into text fields and file buffers (HTTP shape only; rules live in the
 * use case). `fields` holds each field's last value; `values` every value of a repeated field in
 * order (a form's multi-choice, Open311's `attribute[code][]`). The limits fire while streaming;
 * they become our codes here.
 */
export async function readMultipart(
  request: FastifyRequest,
  fileField: string,
  limits: { fileSize: number; files: number },
  tooManyCode: ErrorCode = 'TOO_MANY_PHOTOS',
): Promise<{ fields: Record<string, string>; values: Record<string, string[]>; files: Buffer[] }> {
  if (!request.isMultipart()) throw new AppError(415, 'MULTIPART_REQUIRED');
  const fields: Record<string, string> = {};
  const values: Record<string, string[]> = {};
  const files: Buffer[] = [];
  try {
    for await (const part of request.parts({ limits })) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.fieldname === fileField) files.push(data);
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
        (Object.hasOwn(values, part.fieldname) ? values[part.fieldname]! : (values[part.fieldname] = [])).push(
          part.value,
        );
      }
    }
  } catch (err) {
    throw multipartError(err, {
      field: fileField,
      tooLarge: () => new AppError(413, 'PHOTO_TOO_LARGE', undefined, fileField),
      tooManyFiles: () => badRequest(tooManyCode, undefined, fileField),
    });
  }
  refuseNul(values, 'body', request);
  return { fields, values, files };
}
