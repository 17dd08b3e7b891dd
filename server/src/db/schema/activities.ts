import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { communities, districts, streets } from './geo.js';
import { stations } from './stations.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * 活动 · 课程: what an organiser (community, street or district) publishes. The organiser's level
 * is the most specific of community/street/district that is set; scope checks use all three.
 */
export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull().default(''),
    /** A 驿站 when held at one (its position and address copied here), else null. */
    stationId: uuid('station_id').references(() => stations.id),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    address: text('address').notNull(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    streetId: uuid('street_id').references(() => streets.id),
    communityId: uuid('community_id').references(() => communities.id),
    capacity: integer('capacity').notNull(),
    signupOpensAt: ts('signup_opens_at').notNull(),
    signupClosesAt: ts('signup_closes_at').notNull(),
    audience: text('audience').notNull().default(''),
    /** First session's start and last session's end, kept with the sessions (list and filters). */
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    /** 取消活动: when the organiser called it off (it then refuses sign-up and check-in), and why. */
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('activities_starts_idx').on(t.startsAt),
    index('activities_district_idx').on(t.districtId, t.startsAt),
    check('activities_capacity_positive', sql`${t.capacity} > 0`),
  ],
);

/** One meeting of an activity: a one-off activity has one, a course N (e.g. 8 weekly evenings). */
export const activitySessions = pgTable(
  'activity_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
  },
  (t) => [
    uniqueIndex('activity_sessions_seq_idx').on(t.activityId, t.seq),
    check('activity_sessions_order', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * A rider's sign-up, one row per rider and activity (a cancel and a new sign-up reuse it).
 * `seq` is the arrival order within the activity, given under the activity's row lock: the
 * waiting list is the waiting rows in `seq` order.
 */
export const activitySignups = pgTable(
  'activity_signups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id),
    status: text('status').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** Subscribe messages the rider agreed to when signing up (e.g. `activity_reminder`). */
    subscriptions: text('subscriptions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('activity_signups_rider_idx').on(t.activityId, t.riderId),
    index('activity_signups_rider_list_idx').on(t.riderId),
    index('activity_signups_queue_idx').on(t.activityId, t.status, t.seq),
    check('activity_signups_status', sql`${t.status} in ('confirmed', 'waiting', 'cancelled')`),
  ],
);

/** A check-in: one per rider and session. Its id is the source of the points credit. */
export const activityAttendances = pgTable(
  'activity_attendances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => activitySessions.id, { onDelete: 'cascade' }),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id),
    method: text('method').notNull(),
    /** The organiser who entered the rider's code; null when the rider entered the activity's. */
    checkedInBy: uuid('checked_in_by').references(() => users.id),
    points: integer('points').notNull().default(0),
    checkedInAt: ts('checked_in_at').notNull(),
  },
  (t) => [
    uniqueIndex('activity_attendances_rider_idx').on(t.sessionId, t.riderId),
    index('activity_attendances_activity_idx').on(t.activityId),
    index('activity_attendances_rider_list_idx').on(t.riderId),
  ],
);
