import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { districts } from './geo.js';
import { stations } from './stations.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * 法律援助 · 一站式调解: a rider's case at its district's mediation centre (受理 — 调处 — 反馈).
 * The text is the rider's own account of a dispute: only the rider and the district's mediators
 * read it (legal/README.md, "Privacy"). Deleted with the rider's account.
 */
export const legalCases = pgTable(
  'legal_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id),
    /** A retry with the same key answers the first case (a bad network, a double tap). */
    idempotencyKey: text('idempotency_key'),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    kind: text('kind').notNull(),
    state: text('state').notNull().default('submitted'),
    description: text('description').notNull(),
    otherParty: text('other_party').notNull().default(''),
    request: text('request').notNull(),
    contactPreference: text('contact_preference').notNull(),
    /** Kept in full so the centre can be told how to call; answered only masked. */
    contactPhone: text('contact_phone'),
    mediatorId: uuid('mediator_id').references(() => users.id),
    referredTo: text('referred_to'),
    outcome: text('outcome'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    acceptDueAt: ts('accept_due_at').notNull(),
    /** Set on 受理 (and again on a reopen): when the centre should have closed the case. */
    closeDueAt: ts('close_due_at'),
    acceptedAt: ts('accepted_at'),
    referredAt: ts('referred_at'),
    closedAt: ts('closed_at'),
    ratedAt: ts('rated_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** Subscribe messages the rider agreed to when opening the case (LEGAL_SUBSCRIBE_KINDS). */
    subscriptions: jsonb('subscriptions').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('legal_cases_district_idx').on(t.districtId, t.state),
    index('legal_cases_rider_idx').on(t.riderId, t.createdAt),
    uniqueIndex('legal_cases_idempotency_idx').on(t.riderId, t.idempotencyKey),
    check(
      'legal_cases_kind_check',
      sql`${t.kind} in ('wage_arrears','traffic_accident','occupational_injury','platform_dispute','labour_contract','other')`,
    ),
    check('legal_cases_state_check', sql`${t.state} in ('submitted','accepted','mediating','closed','referred')`),
    check('legal_cases_contact_check', sql`${t.contactPreference} in ('phone','message','visit')`),
    check(
      'legal_cases_outcome_check',
      sql`${t.outcome} is null or ${t.outcome} in ('resolved','partly_resolved','not_resolved','withdrawn')`,
    ),
    check('legal_cases_rating_check', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  ],
);

/**
 * Every step of a case, append-only (sql/legal_case_updates_append_only.sql refuses UPDATE; rows
 * go only with their case, when the rider's account is deleted).
 */
export const legalCaseUpdates = pgTable(
  'legal_case_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Timeline order: steps at the same clock time (a test's fixed clock) keep their order. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => legalCases.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    note: text('note').notNull().default(''),
    mediatorId: uuid('mediator_id').references(() => users.id),
    appointmentAt: ts('appointment_at'),
    appointmentPlace: text('appointment_place'),
    stationId: uuid('station_id').references(() => stations.id),
    outcome: text('outcome'),
    rating: integer('rating'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('legal_case_updates_case_idx').on(t.caseId, t.seq)],
);

/** Photos and screenshots: the rider's evidence and the centre's documents (display + thumbnail). */
export const legalCaseAttachments = pgTable(
  'legal_case_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => legalCases.id, { onDelete: 'cascade' }),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    kind: text('kind').notNull(),
    storageKey: text('storage_key').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('legal_case_attachments_case_idx').on(t.caseId),
    check('legal_case_attachments_kind_check', sql`${t.kind} in ('evidence','document')`),
  ],
);

/** Overdue alerts sent: one per case, deadline and due time (a reopened case has a new one). */
export const legalCaseAlerts = pgTable(
  'legal_case_alerts',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => legalCases.id, { onDelete: 'cascade' }),
    deadline: text('deadline').notNull(),
    dueAt: ts('due_at').notNull(),
    alertedAt: ts('alerted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.deadline, t.dueAt] })],
);
