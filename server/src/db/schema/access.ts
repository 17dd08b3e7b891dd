import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
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
import { communities } from './geo.js';

export interface GuidePoint {
  lat: number;
  lng: number;
  description: string;
}
/** An entrance of a building (GCJ-02) with what it is called on site (单元门, 北侧门…). */
export interface GuideEntrance {
  lat: number;
  lng: number;
  label: string;
}
export interface GuideBuilding {
  number: string;
  /** Labelled entrances; absent in rows written before entrances existed (read `entrance`). */
  entrances?: GuideEntrance[];
  /** The first entrance without its label, kept for clients that predate `entrances`. */
  entrance: { lat: number; lng: number } | null;
  note: string;
}

/** One signatory of a 三方共建协议. */
export interface AgreementParty {
  /** community | property | platform | station */
  kind: string;
  /** The organisation, e.g. 美团外卖 or 某某物业. */
  organisation: string;
  /** Who signed for it. */
  signatory: string;
}

/**
 * Per-community access settings and the building guide shown after a granted scan. One row per
 * community; a community without a row uses the defaults (location check on within 300 m, empty
 * guide: `EMPTY_GUIDE` in access/guide.ts, the same numbers as the column defaults here).
 */
export const communityAccess = pgTable('community_access', {
  communityId: uuid('community_id')
    .primaryKey()
    .references(() => communities.id, { onDelete: 'cascade' }),
  /**
   * When on (the default), a scan must carry a location within `maxDistanceM` of the gate. 300 m
   * = a compound's half-width (most are under 200 m across from a gate) plus a phone's GPS error
   * near buildings (50–100 m): a rider at any gate of the compound passes, one streets away does not.
   */
  requireLocation: boolean('require_location').notNull().default(true),
  maxDistanceM: integer('max_distance_m').notNull().default(300),
  buildings: jsonb('buildings').$type<GuideBuilding[]>().notNull().default([]),
  parking: jsonb('parking').$type<GuidePoint | null>(),
  transferPoint: jsonb('transfer_point').$type<GuidePoint | null>(),
  notes: text('notes').notNull().default(''),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A gate of a community. `codeVersion` is signed into the printed 暖新码: regenerating the code
 * bumps it, so every older poster stops working at once.
 */
export const gates = pgTable(
  'gates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    active: boolean('active').notNull().default(true),
    codeVersion: integer('code_version').notNull().default(1),
    /**
     * 门岗号: the 8 digits printed under the poster's QR, typed by a rider whose browser cannot
     * scan. Given when a poster is first made (posters before it print none); a new code clears it,
     * so an older poster's number stops working with its QR.
     */
    shortCode: text('short_code'),
    /** SHA-256 of the smart gate's device key; the key itself is shown once at creation. */
    deviceKeyHash: text('device_key_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('gates_community_idx').on(t.communityId),
    uniqueIndex('gates_short_code_idx').on(t.shortCode),
    check('gates_kind_check', sql`${t.kind} in ('smart','guarded')`),
  ],
);

/**
 * 三方共建协议: a community admits riders of a platform (and optionally one station) between two
 * dates; `approval = 'auto'` approves an application on the spot.
 */
export const agreements = pgTable(
  'access_agreements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    platform: text('platform').notNull(),
    /** Null: every station of the platform. */
    stationName: text('station_name'),
    startsOn: date('starts_on').notNull(),
    /** Null: open-ended. Passes approved under the agreement expire with it. */
    endsOn: date('ends_on'),
    approval: text('approval').notNull(),
    /** 物业公司 as signed (the community's at the time). */
    propertyCompany: text('property_company').notNull().default(''),
    /** The signing parties: who signed for the community, the property company, the platform. */
    parties: jsonb('parties').$type<AgreementParty[]>().notNull().default([]),
    /** Ended early by staff (终止); passes under it are revoked in the same transaction. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('access_agreements_community_idx').on(t.communityId),
    check('access_agreements_approval_check', sql`${t.approval} in ('auto','manual')`),
  ],
);

/**
 * The rider's identity, entered once. The ID number is kept only as a keyed hash (to refuse a
 * second account with the same person) and its last four characters (PIPL: minimum necessary).
 */
export const riderProfiles = pgTable(
  'rider_profiles',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    realName: text('real_name').notNull(),
    /** Kept in full so a community can call the rider; never returned or logged unmasked. */
    phone: text('phone').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    idLast4: text('id_last4').notNull(),
    platform: text('platform').notNull(),
    stationName: text('station_name').notNull(),
    vehicleKind: text('vehicle_kind').notNull(),
    plate: text('plate'),
    /** Access-level suspension by staff; every scan and rider code is denied while set. */
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    /** Why, and by whom, while suspended (shown to the rider); the history is rider_suspensions. */
    suspensionReason: text('suspension_reason'),
    suspendedBy: uuid('suspended_by').references(() => users.id, { onDelete: 'set null' }),
    /** street_operator | district_admin: a street operator cannot lift a district's suspension. */
    suspendedByRole: text('suspended_by_role'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('rider_profiles_id_hash_idx').on(t.idNumberHash)],
);

/**
 * Audit of every suspension and lift of a rider (who, when, why). Append-only: the use cases only
 * insert, in the same transaction that changes rider_profiles.suspended_at.
 */
export const riderSuspensions = pgTable(
  'rider_suspensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    reason: text('reason').notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** The actor's role at the time (a lift by a street operator is checked against it). */
    actorRole: text('actor_role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rider_suspensions_rider_idx').on(t.riderId, t.createdAt),
    check('rider_suspensions_action_check', sql`${t.action} in ('suspend','lift')`),
  ],
);

/** One pass per rider × community; a new application after rejection or revocation reuses it. */
export const passes = pgTable(
  'passes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    agreementId: uuid('agreement_id').references(() => agreements.id),
    status: text('status').notNull(),
    reason: text('reason'),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
    /** End of the agreement's validity; null = open-ended. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Subscribe-message kinds (PASS_NOTICE_KINDS) the rider agreed to when applying. */
    subscriptions: jsonb('subscriptions').$type<string[]>().notNull().default([]),
  },
  (t) => [
    uniqueIndex('passes_rider_community_idx').on(t.riderId, t.communityId),
    index('passes_community_status_idx').on(t.communityId, t.status),
    // The pass-expiry notices' pass: approved passes by end.
    index('passes_expiring_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'approved'`),
    check('passes_status_check', sql`${t.status} in ('pending','approved','rejected','revoked','expired')`),
  ],
);

/**
 * Every attempt to enter, granted or denied, kept for ACCESS_EVENT_RETENTION_DAYS. gate and
 * community are null when the code could not be trusted (forged, unknown gate).
 *
 * Partitioned by `created_at` (the server's time of recording), one partition per Beijing day
 * (`access_events_pYYYYMMDD`, [00:00+08, next 00:00+08)) plus `access_events_default` for stray
 * times; drizzle-kit cannot say so: the partitioning is migration 0043's and the partitions are
 * made ahead and dropped by the stored functions of access/sql/access_events_partitions.sql. A
 * unique index on a partitioned table must hold the partition key, hence the primary key (id,
 * created_at), and the two once-only keys live in side tables (access_code_nonces,
 * access_offline_keys) written in the same statement as the event.
 */
export const accessEvents = pgTable(
  'access_events',
  {
    id: uuid('id').notNull().defaultRandom(),
    gateId: uuid('gate_id').references(() => gates.id, { onDelete: 'set null' }),
    communityId: uuid('community_id').references(() => communities.id),
    riderId: uuid('rider_id').references(() => users.id, { onDelete: 'set null' }),
    /** gate_code: the rider scanned the gate; rider_code: a guard scanned the rider. */
    method: text('method').notNull(),
    granted: boolean('granted').notNull(),
    reason: text('reason').notNull(),
    /** The guard who checked a rider code. */
    checkedBy: uuid('checked_by').references(() => users.id, { onDelete: 'set null' }),
    /** Rider-code nonce; once only through access_code_nonces (replay protection). */
    codeNonce: text('code_nonce'),
    scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    distanceM: integer('distance_m'),
    /**
     * The app's key of a scan it kept without network and sent later (离线补录): one event per
     * rider and key however often it arrives (access_offline_keys). Null for every live scan.
     */
    offlineKey: text('offline_key'),
    /** The partition key: always the server's clock (ctx.now()), never the phone's. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.createdAt] }),
    index('access_events_rider_gate_idx').on(t.riderId, t.gateId, t.createdAt),
    index('access_events_community_idx').on(t.communityId, t.createdAt),
    index('access_events_gate_granted_idx').on(t.gateId, t.createdAt),
    index('access_events_created_idx').on(t.createdAt),
    // Who checked: a user's deletion sets it null in every partition (the FK's own lookup).
    index('access_events_checked_by_idx')
      .on(t.checkedBy)
      .where(sql`${t.checkedBy} is not null`),
    check('access_events_method_check', sql`${t.method} in ('gate_code','rider_code')`),
  ],
);

/**
 * A rider code's nonce, accepted once (a second use is a replay): the unique key the partitioned
 * access_events cannot hold. Written in the same statement as the guard's event. A code is good
 * for 35 s, so rows older than a day prove nothing any more and the purge deletes them.
 */
export const accessCodeNonces = pgTable(
  'access_code_nonces',
  {
    nonce: text('nonce').primaryKey(),
    eventId: uuid('event_id').notNull(),
    /** The event's created_at (with event_id, its key in access_events). */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('access_code_nonces_created_idx').on(t.createdAt)],
);

/**
 * An offline scan's key (离线补录), once per rider: the app may send a scan again when its answer
 * was lost, and it must stay one event. Written in the same statement as the event; kept as long
 * as the events (the purge's cutoff); erased with the rider.
 */
export const accessOfflineKeys = pgTable(
  'access_offline_keys',
  {
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    offlineKey: text('offline_key').notNull(),
    eventId: uuid('event_id').notNull(),
    /** The event's created_at (with event_id, its key in access_events). */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.riderId, t.offlineKey] }), index('access_offline_keys_created_idx').on(t.createdAt)],
);

/**
 * The last gate-code scan of each rider at each gate: what makes "a repeat within a few seconds is
 * the same event" exact. A scan claims this row with INSERT … ON CONFLICT DO UPDATE … WHERE (the
 * window has passed, or the decision changed) in the same statement as its event: two scans at the
 * same moment meet on this row, one writes the event and the other finds it. Different riders never
 * share a row. Rows older than the retention period go with the purge.
 */
export const accessScanLatest = pgTable(
  'access_scan_latest',
  {
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    gateId: uuid('gate_id')
      .notNull()
      .references(() => gates.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    reason: text('reason').notNull(),
    distanceM: integer('distance_m'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.riderId, t.gateId] })],
);
