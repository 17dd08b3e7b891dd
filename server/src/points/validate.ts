import type { ErrorCode } from '@nuanxin/shared/common/errors';
import { badRequest } from '../platform/app-error.js';

/** A whole number within [min, max]: what every admin-entered count and price must be. */
export const isWhole = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** 400 with the field's own code unless `ok`. */
export function check(ok: boolean, code: ErrorCode, field: string, message?: string): void {
  if (!ok) throw badRequest(code, message, field);
}
