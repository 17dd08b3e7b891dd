import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './accounts.js';
import { reports } from './reports.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** The in-app inbox: what the rider reads in 我的 → 消息. Written with the event that caused it. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    reportId: uuid('report_id').references(() => reports.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /**
     * Set for notices a job writes (voucher / points expiring): the same key for the same user is
     * never written twice, so a rerun or a second replica sends nothing new.
     */
    dedupeKey: text('dedupe_key'),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    uniqueIndex('notifications_dedupe_idx').on(t.userId, t.dedupeKey),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);

/**
 * Delivery pipeline to WeChat (FixMyStreet's send_state + send_fail_count): one row per message,
 * claimed with a lease so any replica may run the worker, retried with backoff, given up after
 * the configured attempts. A failed send never touches the report or the inbox.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id),
    channel: text('channel').notNull().default('wechat_subscribe'),
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    /** A worker holds the row until then; a crashed worker's claim simply expires. */
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    sentAt: ts('sent_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notification_outbox_once_idx').on(t.notificationId, t.channel),
    index('notification_outbox_due_idx').on(t.state, t.nextAttemptAt),
    check('notification_outbox_state_check', sql`${t.state} in ('pending','sent','dead')`),
  ],
);
