import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { communities, districts, streets } from './geo.js';
import { communityPhotos } from './community-photos.js';

/**
 * 随手帮: a task a community admin or street operator posts for riders. `area` is shown to every
 * rider; `private_address` (an elderly resident's door) only to a rider holding an active claim.
 */
export const volunteerTasks = pgTable(
  'volunteer_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    area: text('area').notNull(),
    privateAddress: text('private_address').notNull(),
    /** Where the task sits (the poster's scope): a community of a street, or a street as a whole. */
    communityId: uuid('community_id').references(() => communities.id),
    streetId: uuid('street_id')
      .notNull()
      .references(() => streets.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    slots: integer('slots').notNull(),
    points: integer('points').notNull(),
    status: text('status').notNull().default('open'),
    /** 取消: when and why the poster cancelled (status `cancelled`). */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    postedBy: uuid('posted_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_tasks_street_idx').on(t.streetId, t.startsAt),
    index('volunteer_tasks_open_idx')
      .on(t.endsAt)
      .where(sql`${t.status} = 'open'`),
    check('volunteer_tasks_status_check', sql`${t.status} in ('open','cancelled')`),
    check('volunteer_tasks_slots_check', sql`${t.slots} > 0`),
    check('volunteer_tasks_points_check', sql`${t.points} >= 0`),
    check('volunteer_tasks_window_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * A rider's claim of one slot. A slot is held while active, done or confirmed; the task row is
 * locked while claiming, so the count never passes `slots`. One live claim per rider and task.
 */
export const taskClaims = pgTable(
  'task_claims',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => volunteerTasks.id),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status').notNull().default('active'),
    note: text('note'),
    /** The photo sent with 完成 (instead of or with the note). */
    photoId: uuid('photo_id').references(() => communityPhotos.id, { onDelete: 'set null' }),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedBy: uuid('confirmed_by').references(() => users.id, { onDelete: 'set null' }),
    /** When it was abandoned or expired. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Points the ledger credited on confirmation (0 when capped). */
    points: integer('points'),
  },
  (t) => [
    index('task_claims_task_idx').on(t.taskId, t.status),
    index('task_claims_rider_idx').on(t.riderId, t.claimedAt),
    uniqueIndex('task_claims_live_idx')
      .on(t.taskId, t.riderId)
      .where(sql`${t.status} in ('active','done','confirmed')`),
    check(
      'task_claims_status_check',
      sql`${t.status} in ('active','done','confirmed','abandoned','expired','cancelled')`,
    ),
  ],
);
