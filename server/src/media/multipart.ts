import { Value } from '@sinclair/typebox/value';
import type { Static, TSchema } from '@sinclair/typebox';
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

/**
 * The text fields of a multipart request checked against a route's TypeBox body schema (the same
 * schema its JSON twin declares): strings converted where the schema wants numbers or booleans,
 * then checked; the first failing field is a 400 naming it with its Chinese title.
 */
export function fieldsOf<T extends TSchema>(schema: T, fields: Record<string, string>): Static<T> {
  const value = Value.Convert(schema, { ...fields });
  if (Value.Check(schema, value)) return value as Static<T>;
  const first = Value.Errors(schema, value).First();
  const field = first?.path.replace(/^\//, '').split('/')[0] || undefined;
  const props = (schema as { properties?: Record<string, { title?: string }> }).properties ?? {};
  const title = (field && props[field]?.title) || field || '表单';
  throw badRequest('VALIDATION_FAILED', `${title}不正确`, field);
}
