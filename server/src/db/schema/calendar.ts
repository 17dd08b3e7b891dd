import { sql } from 'drizzle-orm';
import { check, date, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';

/**
 * The working-day calendar (Beijing): the days that break the Monday–Friday rule. `off` is a public
 * holiday or one of its 调休 days off (a weekday off); `work` is a make-up working day (a Saturday or
 * Sunday worked, 调休上班). Days not listed follow the week. Seeded with the official schedule
 * (server/src/calendar/sql/calendar_official_days.sql); the district admin maintains it.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    day: date('day').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** Null while the row is the seeded official schedule. */
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [check('calendar_days_kind_check', sql`${t.kind} in ('off','work')`)],
);
