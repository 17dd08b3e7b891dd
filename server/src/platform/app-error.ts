import { ERROR_MESSAGES, type ErrorCode } from '@nuanxin/shared/common/errors';

/**
 * The one error type use cases throw. The error handler turns it into `{ code, message, field }`
 * with `status`; anything else becomes a 500 whose details stay in the log.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message?: string,
    readonly field?: string,
  ) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
  }
}

export const badRequest = (code: ErrorCode, message?: string, field?: string) =>
  new AppError(400, code, message, field);
export const unauthorized = (code: ErrorCode = 'UNAUTHENTICATED', message?: string) => new AppError(401, code, message);
export const forbidden = (code: ErrorCode = 'FORBIDDEN', message?: string) => new AppError(403, code, message);
export const notFound = (code: ErrorCode = 'NOT_FOUND', message?: string) => new AppError(404, code, message);
export const conflict = (code: ErrorCode, message?: string) => new AppError(409, code, message);
