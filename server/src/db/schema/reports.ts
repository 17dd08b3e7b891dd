import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
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
import { districts, streets } from './geo.js';
import type { Open311AttributeDef } from '@nuanxin/shared/open311/schemas';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** The managed list of 随手拍 categories, with the SLA each one promises. */
export const reportCategories = pgTable('report_categories', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  icon: text('icon').notNull().default(''),
  sortOrder: integer('sort_order').notNull().default(0),
  /** Minutes within which a street should accept (or reject) a new report. */
  acceptWithinMinutes: integer('accept_within_minutes').notNull().default(30),
  /** Hours from submission within which the hazard should be fixed. */
  fixWithinHours: integer('fix_within_hours').notNull().default(24),
  /** Minutes from dispatch within which the crew should be on site (到场). */
  onSiteWithinMinutes: integer('on_site_within_minutes').notNull().default(30),
  /** City-level (市级): every report of it is also forwarded to the city's 12345 (reports/city/). */
  cityLevel: boolean('city_level').notNull().default(false),
  active: boolean('active').notNull().default(true),
  /**
   * Extra questions the category asks (Open311 service definition attributes): empty = none.
   * Partners answer them as `attribute[code]=value`; the app does not ask them.
   */
  attributes: jsonb('attributes').$type<Open311AttributeDef[]>().notNull().default([]),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** A response team (应急队伍, 网格, 养护队) of a street, or of the district when street_id is null. */
export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    streetId: uuid('street_id').references(() => streets.id),
    name: text('name').notNull(),
    /** Inactive teams stay on the reports they handled but are offered for no new dispatch or route. */
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('teams_street_idx').on(t.streetId)],
);

/** FixMyStreet's contacts table: category × street → the team responsible. */
export const categoryRoutes = pgTable(
  'category_routes',
  {
    categoryId: uuid('category_id')
      .notNull()
      .references(() => reportCategories.id),
    streetId: uuid('street_id')
      .notNull()
      .references(() => streets.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
  },
  (t) => [primaryKey({ columns: [t.categoryId, t.streetId] })],
);

/**
 * A hazard report. Location is GCJ-02. street_id null = outside every street: the district
 * queue. The reporter is private: public views (Open311) never select it. State changes only
 * through a use case that also appends a report_updates row in the same transaction.
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reporterId: uuid('reporter_id')
      .notNull()
      .references(() => users.id),
    /** Client-chosen key of the submission: a retried upload returns the first report. */
    idempotencyKey: text('idempotency_key').notNull(),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => reportCategories.id),
    description: text('description').notNull().default(''),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    accuracyM: doublePrecision('accuracy_m'),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    streetId: uuid('street_id').references(() => streets.id),
    teamId: uuid('team_id').references(() => teams.id),
    /** The crew member a dispatch named (a member of team_id); null = the whole team. */
    assigneeId: uuid('assignee_id').references(() => users.id),
    state: text('state').notNull().default('submitted'),
    rejectReason: text('reject_reason'),
    duplicateOfId: uuid('duplicate_of_id'),
    /** "我也遇到" count, kept with the report for sorting; rows in report_confirmations. */
    confirmations: integer('confirmations').notNull().default(0),
    /**
     * app = a rider in the mini-program; open311 = a partner system posting with an api key. Partner
     * reports earn no points (the reporter is a system account, not a rider) and show as 来自合作方.
     */
    source: text('source').notNull().default('app'),
    /** Subscribe-message kinds the reporter agreed to at submit time (one message each). */
    subscriptions: jsonb('subscriptions').$type<string[]>().notNull().default([]),
    /** A partner's answers to the category's attributes (code → value(s)), checked at submit. */
    attributes: jsonb('attributes').$type<Record<string, string | string[]>>().notNull().default({}),
    /**
     * A partner's own photo link (Open311 `media_url`): stored and shown as a link, never fetched
     * by the server (no request to an address a caller chose).
     */
    mediaUrl: text('media_url'),
    acceptDueAt: ts('accept_due_at').notNull(),
    fixDueAt: ts('fix_due_at').notNull(),
    /** Set at dispatch: dispatched_at + the category's on-site minutes. */
    onSiteDueAt: ts('on_site_due_at'),
    acceptedAt: ts('accepted_at'),
    rejectedAt: ts('rejected_at'),
    dispatchedAt: ts('dispatched_at'),
    onSiteAt: ts('on_site_at'),
    fixedAt: ts('fixed_at'),
    closedAt: ts('closed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reports_idempotency_idx').on(t.reporterId, t.idempotencyKey),
    index('reports_street_state_idx').on(t.streetId, t.state),
    index('reports_district_state_idx').on(t.districtId, t.state),
    index('reports_category_state_idx').on(t.categoryId, t.state),
    index('reports_reporter_idx').on(t.reporterId, t.createdAt),
    // The crew queue: reports of a team by state.
    index('reports_team_state_idx').on(t.teamId, t.state),
    check(
      'reports_state_check',
      sql`${t.state} in ('submitted','accepted','rejected','dispatched','on_site','fixed','closed')`,
    ),
    check(
      'reports_reject_reason_check',
      sql`${t.rejectReason} is null or ${t.rejectReason} in ('duplicate','not_hazard','not_our_area')`,
    ),
    check('reports_source_check', sql`${t.source} in ('app','open311')`),
    // The automatic close looks for fixed reports by the time they were fixed.
    index('reports_fixed_idx')
      .on(t.fixedAt)
      .where(sql`${t.state} = 'fixed'`),
    // The overdue pass looks for open reports by the deadline of the state they are in.
    index('reports_accept_due_idx')
      .on(t.acceptDueAt)
      .where(sql`${t.state} = 'submitted'`),
    index('reports_on_site_due_idx')
      .on(t.onSiteDueAt)
      .where(sql`${t.state} = 'dispatched'`),
    index('reports_fix_due_idx')
      .on(t.fixDueAt)
      .where(sql`${t.state} in ('accepted','dispatched','on_site')`),
    check('reports_description_length', sql`char_length(${t.description}) <= 500`),
  ],
);

/**
 * Append-only history (FixMyStreet's `comment`): every state change, with who, why, and an
 * optional photo. Never updated or deleted; the report row only caches the latest state.
 */
export const reportUpdates = pgTable(
  'report_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    actorId: uuid('actor_id').references(() => users.id),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    reason: text('reason'),
    note: text('note').notNull().default(''),
    teamId: uuid('team_id').references(() => teams.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('report_updates_report_idx').on(t.reportId, t.createdAt)],
);

/** Stored photos (display size + thumbnail; the original, with its EXIF, is never kept). */
export const reportPhotos = pgTable(
  'report_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    /** Set for an "after" photo attached to an update (fixed). */
    updateId: uuid('update_id').references(() => reportUpdates.id),
    position: integer('position').notNull().default(0),
    storageKey: text('storage_key').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Set by the privacy job's retention pass when the files were deleted (REPORT_PHOTO_RETENTION_DAYS). */
    purgedAt: ts('purged_at'),
  },
  (t) => [index('report_photos_report_idx').on(t.reportId)],
);

/** "我也遇到": one per rider and report. */
export const reportConfirmations = pgTable(
  'report_confirmations',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.userId] })],
);

/**
 * Durable domain events written in the transaction that caused them (transactional outbox).
 * `report.accepted` is unique per report, so the points ledger credits a report exactly once
 * even if it is reopened and accepted again.
 */
export const reportEvents = pgTable(
  'report_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    processedAt: ts('processed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('report_events_kind_report_idx').on(t.kind, t.reportId)],
);

/**
 * Overdue alerts already sent: one row per report and deadline (accept, on_site, fix). The
 * periodic pass inserts the row and notifies in one transaction; the primary key makes a second
 * pass (or a second runner) send nothing for the same deadline.
 */
export const reportAlerts = pgTable(
  'report_alerts',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    deadline: text('deadline').notNull(),
    alertedAt: ts('alerted_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.deadline] }),
    check('report_alerts_deadline_check', sql`${t.deadline} in ('accept','on_site','fix')`),
  ],
);

/**
 * 转交12345: a report forwarded (or to be forwarded) to the city's Open311 GeoReport v2 endpoint.
 * One row per report ever (unique report_id), written in the transaction that decided it (a
 * city-level category at submit, the overdue pass, a street operator's 转交): the outbox of
 * `reports/city/`. `maybe_sent` is set before the POST and cleared only when the city answered a
 * definite failure, so an attempt cut short (crash, timeout) looks the request up before posting
 * again (README: exactly-once forwarding).
 */
export const cityForwards = pgTable(
  'city_forwards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    /** city_category (at submit), overdue (not accepted in time), manual (a street's 转交). */
    reason: text('reason').notNull(),
    /** Who forwarded by hand (manual only). */
    requestedBy: uuid('requested_by').references(() => users.id),
    /** The city's service_code, fixed when the row is written. */
    serviceCode: text('service_code').notNull(),
    /** pending → (token) → forwarded → closed; dead after the last attempt or a refusal. */
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lockedUntil: ts('locked_until'),
    /** A POST may have reached the city without our hearing the answer: look it up before posting again. */
    maybeSent: boolean('maybe_sent').notNull().default(false),
    firstAttemptAt: ts('first_attempt_at'),
    lastError: text('last_error'),
    token: text('token'),
    serviceRequestId: text('service_request_id'),
    /** The city's status (open | closed) and status_notes, as last polled. */
    cityStatus: text('city_status'),
    cityStatusNotes: text('city_status_notes'),
    cityUpdatedAt: ts('city_updated_at'),
    nextPollAt: ts('next_poll_at'),
    forwardedAt: ts('forwarded_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('city_forwards_report_idx').on(t.reportId),
    index('city_forwards_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.state} = 'pending'`),
    index('city_forwards_poll_idx')
      .on(t.nextPollAt)
      .where(sql`${t.state} in ('token','forwarded')`),
    check('city_forwards_state_check', sql`${t.state} in ('pending','token','forwarded','closed','dead')`),
    check('city_forwards_reason_check', sql`${t.reason} in ('city_category','overdue','manual')`),
  ],
);
