/** A database error's SQLSTATE and constraint, through drizzle's wrapper (`cause`), on pg and PGlite. */
export function databaseError(err: unknown): { code: string; constraint?: string } | null {
  let e: unknown = err;
  for (let depth = 0; depth < 3 && e && typeof e === 'object'; depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return { code, ...(typeof constraint === 'string' ? { constraint } : {}) };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** A foreign key violation on `constraint` (SQLSTATE 23503): the row referred to went away meanwhile. */
export const isForeignKeyViolation = (err: unknown, constraint: string) => {
  const db = databaseError(err);
  return db?.code === '23503' && db.constraint === constraint;
};
