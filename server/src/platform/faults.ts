/** File-system errors of a full disk, an exhausted quota or a file-size limit: 507 STORAGE_FULL. */
const STORAGE_FULL_ERRNOS = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

export function isStorageFull(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const { code } = e as { code?: unknown };
    if (typeof code === 'string' && STORAGE_FULL_ERRNOS.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client is asked to wait (Retry-After) before retrying a 503 DB_UNAVAILABLE. */
export const DB_RETRY_AFTER_SECONDS = 2;
