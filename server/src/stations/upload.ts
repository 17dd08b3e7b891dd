import type { FastifyRequest } from 'fastify';
import type { ImportFormat } from '@nuanxin/shared/stations/schemas';
import { AppError, badRequest } from '../platform/app-error.js';
import { labelOfProperty } from '../platform/field-labels.js';

/** What a multipart import upload says: the same options as the JSON body. */
export interface ImportUpload {
  format: ImportFormat;
  content: string;
  skipBad: boolean;
  dryRun: boolean;
}

/** The form fields of `POST /stations/import` as multipart/form-data (for the OpenAPI document). */
export const IMPORT_UPLOAD_FIELDS = {
  file: { type: 'string', description: '.csv or .geojson/.json file, UTF-8' },
  format: {
    type: 'string',
    enum: ['csv', 'geojson'],
    description: 'Default: from the file name, else from the content',
  },
  skipBad: { type: 'string', enum: ['true', 'false'], description: 'Import the good rows and skip the bad ones' },
  dryRun: { type: 'string', enum: ['true', 'false'], description: 'Check and count, write nothing' },
} as const;

const LIMIT_CODES = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

function flag(value: string | undefined, field: string): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(v)) return false;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  throw badRequest('VALIDATION_FAILED', `${labelOfProperty(field, undefined) ?? '开关项'}应为 true 或 false`, field);
}

/** csv/geojson from the `format` field, else the file name, else the first character of the content. */
function formatOf(field: string | undefined, filename: string, content: string): ImportFormat {
  const f = field?.trim().toLowerCase();
  if (f) {
    if (f === 'csv' || f === 'geojson') return f;
    if (f === 'json') return 'geojson';
    throw badRequest('VALIDATION_FAILED', '格式 format 应为 csv 或 geojson', 'format');
  }
  if (/\.csv$/i.test(filename)) return 'csv';
  if (/\.(geo)?json$/i.test(filename)) return 'geojson';
  return content
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')
    ? 'geojson'
    : 'csv';
}

/**
 * Reads the `file` part and the `format`/`skipBad`/`dryRun` fields of a multipart import. The file
 * is held in memory (at most UPLOAD_MAX_BYTES); a bigger one is a 413 PAYLOAD_TOO_LARGE.
 */
export async function readImportUpload(request: FastifyRequest, maxBytes: number): Promise<ImportUpload> {
  const fields: Record<string, string> = {};
  let file: { filename: string; content: string } | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          throw badRequest('VALIDATION_FAILED', '只能上传一个文件，字段名为 file', part.fieldname);
        }
        file = { filename: part.filename ?? '', content: (await part.toBuffer()).toString('utf8') };
      } else {
        if (!(part.fieldname in IMPORT_UPLOAD_FIELDS))
          throw badRequest('VALIDATION_FAILED', `不支持的字段 ${part.fieldname}`, part.fieldname);
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code && LIMIT_CODES.has(code)) throw new AppError(413, 'PAYLOAD_TOO_LARGE', '上传的文件太大');
    if (err instanceof AppError) throw err;
    // Anything else the form parser throws (no boundary, a body cut short) is the request's fault.
    throw badRequest('MULTIPART_INVALID', undefined, 'file');
  }
  if (!file) throw badRequest('VALIDATION_FAILED', '缺少上传文件 file', 'file');
  if (file.content.trim() === '') throw badRequest('IMPORT_FILE_INVALID', '上传的文件是空的', 'file');
  return {
    format: formatOf(fields.format, file.filename, file.content),
    content: file.content,
    skipBad: flag(fields.skipBad, 'skipBad'),
    dryRun: flag(fields.dryRun, 'dryRun'),
  };
}
