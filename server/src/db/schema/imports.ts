import { sql } from 'drizzle-orm';
import { boolean, check, customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** A bad row as the report shows it (see shared/src/imports/schemas.ts). */
export interface ImportBadRowValue {
  line: number;
  column: string;
  code: string;
  message: string;
}

/**
 * One bulk import (communities or stations): the uploaded file until it is written, the dry
 * run's report, and the progress the page polls. Runs belong to the account that uploaded them.
 */
export const importRuns = pgTable(
  'import_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').notNull(),
    /** The file as uploaded; cleared once the run is done or failed. */
    content: bytea('content'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    actorRole: text('actor_role').notNull(),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    rows: integer('rows').notNull().default(0),
    good: integer('good').notNull().default(0),
    bad: integer('bad').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    skipBad: boolean('skip_bad').notNull().default(false),
    badRows: jsonb('bad_rows').$type<ImportBadRowValue[]>().notNull().default([]),
    error: jsonb('error').$type<{ code: string; message: string } | null>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('import_runs_creator_idx').on(t.createdBy, t.createdAt),
    check('import_runs_kind_check', sql`${t.kind} in ('communities','stations')`),
    check('import_runs_status_check', sql`${t.status} in ('checking','checked','importing','done','failed')`),
  ],
);
