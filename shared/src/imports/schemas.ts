import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, Nullable, literals, strict } from '../common/schemas.js';
import { IMPORT_KINDS, IMPORT_STATUSES, ROW_ERROR_CODES } from './constants.js';

/** One bad row: the file's line, the column as headed in the file, a stable code, a Chinese message. */
export const ImportBadRow = Type.Object({
  line: Type.Integer(),
  column: Type.String(),
  code: literals(ROW_ERROR_CODES),
  message: Type.String(),
});
export type ImportBadRow = Static<typeof ImportBadRow>;

/** An import run: what the page polls while the check and the write run. */
export const ImportRun = Type.Object(
  {
    id: Id,
    kind: literals(IMPORT_KINDS),
    status: literals(IMPORT_STATUSES),
    fileName: Type.String(),
    format: Type.String(),
    /** Rows of the current phase done so far, of `total`. */
    progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
    rows: Type.Integer({ description: 'Data rows in the file' }),
    good: Type.Integer(),
    bad: Type.Integer(),
    inserted: Type.Integer(),
    updated: Type.Integer(),
    skipped: Type.Integer(),
    skipBad: Type.Boolean(),
    /** The first 500 bad rows, by line. */
    badRows: Type.Array(ImportBadRow),
    error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
    createdAt: DateTime,
    finishedAt: Nullable(DateTime),
  },
  { $id: 'ImportRun' },
);
export type ImportRun = Static<typeof ImportRun>;

export const CommitBody = strict({
  skipBad: Type.Optional(Type.Boolean({ description: 'Import the good rows and skip the bad ones' })),
});
export type CommitBody = Static<typeof CommitBody>;

export const ImportRunParams = Type.Object({ id: Id });

export const TemplateParams = Type.Object({ format: literals(['csv', 'xlsx'] as const) });

export const ImportRunList = Type.Object({ items: Type.Array(Type.Ref('ImportRun')) });
