import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  pgView,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { districts, merchants } from './geo.js';

// The points ledger, the TigerBeetle way (docs.tigerbeetle.com, coding/two-phase-transfers):
// accounts hold four running totals, transfers are immutable double entries, holds are pending
// transfers that are later posted or voided exactly once. Balances are applied by a trigger on
// INSERT into point_transfers (point_transfers_apply: server/src/points/sql/), so no code path can
// move a balance without a transfer, and the CHECK on point_accounts refuses any transfer that
// would overdraw a rider.

/**
 * A rider's points or a system account. System accounts have fixed ids (inserted by the migration):
 * issuance (debited by every earned point), redeemed (credited by vouchers: its credits_pending
 * are the points held for open vouchers), expired (credited by expiry).
 */
export const pointAccounts = pgTable(
  'point_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    /** The rider who owns a 'rider' account; null for system accounts. */
    userId: uuid('user_id')
      .unique()
      .references(() => users.id),
    debitsPending: bigint('debits_pending', { mode: 'number' }).notNull().default(0),
    debitsPosted: bigint('debits_posted', { mode: 'number' }).notNull().default(0),
    creditsPending: bigint('credits_pending', { mode: 'number' }).notNull().default(0),
    creditsPosted: bigint('credits_posted', { mode: 'number' }).notNull().default(0),
    /** TigerBeetle's flag: debits (posted + pending) may never exceed posted credits. */
    debitsMustNotExceedCredits: boolean('debits_must_not_exceed_credits').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('point_accounts_kind_check', sql`${t.kind} in ('rider','issuance','redeemed','expired')`),
    check('point_accounts_owner_check', sql`(${t.kind} = 'rider') = (${t.userId} is not null)`),
    // A rider's available balance = credits_posted − debits_posted − debits_pending ≥ 0.
    check('point_accounts_rider_flag_check', sql`${t.kind} <> 'rider' or ${t.debitsMustNotExceedCredits}`),
    check(
      'debits_must_not_exceed_credits',
      sql`not ${t.debitsMustNotExceedCredits} or ${t.debitsPosted} + ${t.debitsPending} <= ${t.creditsPosted}`,
    ),
    check(
      'point_accounts_non_negative',
      sql`${t.debitsPending} >= 0 and ${t.debitsPosted} >= 0 and ${t.creditsPending} >= 0 and ${t.creditsPosted} >= 0`,
    ),
  ],
);

/**
 * Where a system account's balance changes: 16 rows per system account. Every redeem, earning and
 * expiry moves a system account, so a single row for it would be locked by each of them until
 * its commit is on disk — one WAL flush (1–3 ms here) at a time for the whole service. The apply
 * trigger adds each transfer to the shard chosen by the transfer's other (rider) account instead,
 * so one rider always meets the same shard and different riders rarely wait for each other. The
 * account's balance is its own row plus its shards (view point_account_balances); rider accounts
 * have no shards and change on their own row, where the overdraft CHECK lives.
 */
export const pointAccountShards = pgTable(
  'point_account_shards',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => pointAccounts.id),
    shard: smallint('shard').notNull(),
    debitsPending: bigint('debits_pending', { mode: 'number' }).notNull().default(0),
    debitsPosted: bigint('debits_posted', { mode: 'number' }).notNull().default(0),
    creditsPending: bigint('credits_pending', { mode: 'number' }).notNull().default(0),
    creditsPosted: bigint('credits_posted', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.shard] }),
    check('point_account_shards_shard_check', sql`${t.shard} between 0 and 15`),
  ],
);

/** Every account's four totals: its row plus its shards (the view's query: points/sql/point_account_balances.sql). */
export const pointAccountBalances = pgView('point_account_balances', {
  id: uuid('id').notNull(),
  kind: text('kind').notNull(),
  userId: uuid('user_id'),
  debitsPending: bigint('debits_pending', { mode: 'number' }).notNull(),
  debitsPosted: bigint('debits_posted', { mode: 'number' }).notNull(),
  creditsPending: bigint('credits_pending', { mode: 'number' }).notNull(),
  creditsPosted: bigint('credits_posted', { mode: 'number' }).notNull(),
}).existing();

/**
 * Immutable double entries (a trigger refuses UPDATE and DELETE). The id is derived from what the
 * transfer is for (a report, an idempotency key, a voucher), so a repeated request inserts nothing.
 * kind: single (posted at once) | pending (a hold) | post_pending | void_pending (resolve a hold).
 */
export const pointTransfers = pgTable(
  'point_transfers',
  {
    id: uuid('id').primaryKey(),
    debitAccountId: uuid('debit_account_id')
      .notNull()
      .references(() => pointAccounts.id),
    creditAccountId: uuid('credit_account_id')
      .notNull()
      .references(() => pointAccounts.id),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    /** The hold a post_pending / void_pending resolves. */
    pendingId: uuid('pending_id'),
    reason: text('reason').notNull(),
    /** What caused it: report | voucher | grant | expiry | reversal, and that thing's id. */
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    /** The earning rule of a credit (report_accepted, volunteer_service, …), for caps. */
    ruleCode: text('rule_code'),
    note: text('note'),
    /** The transfer this one reverses (corrections are reversals, never edits). */
    reversesId: uuid('reverses_id'),
    /** Credits to a rider: when these points expire (oldest first). */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('point_transfers_amount_positive', sql`${t.amount} > 0`),
    check('point_transfers_distinct_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check('point_transfers_kind_check', sql`${t.kind} in ('single','pending','post_pending','void_pending')`),
    check(
      'point_transfers_pending_id_check',
      sql`(${t.kind} in ('post_pending','void_pending')) = (${t.pendingId} is not null)`,
    ),
    check(
      'point_transfers_reason_check',
      sql`${t.reason} in ('report_accepted','staff_grant','voucher_hold','voucher_used','voucher_cancelled','voucher_expired','points_expired','reversal','account_deleted','activity_attended','task_completed','suggestion_adopted')`,
    ),
    check('point_transfers_grant_note_check', sql`${t.reason} <> 'staff_grant' or length(${t.note}) > 0`),
    // A hold resolves exactly once: a second post or void of the same pending transfer collides here.
    uniqueIndex('point_transfers_resolves_once').on(t.pendingId),
    // A transfer is reversed at most once.
    uniqueIndex('point_transfers_reversed_once').on(t.reversesId),
    index('point_transfers_debit_idx').on(t.debitAccountId, t.createdAt),
    index('point_transfers_credit_idx').on(t.creditAccountId, t.createdAt),
  ],
);

/** Earning rules as data: points per event and per-rider caps (null = no cap). */
export const earningRules = pgTable(
  'earning_rules',
  {
    code: text('code').primaryKey(),
    label: text('label').notNull(),
    /** Points per event (reports); for staff grants, the most one grant may give. */
    points: integer('points').notNull(),
    dailyCap: integer('daily_cap'),
    monthlyCap: integer('monthly_cap'),
    active: boolean('active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('earning_rules_points_positive', sql`${t.points} > 0`),
    check('earning_rules_caps_positive', sql`coalesce(${t.dailyCap}, 1) > 0 and coalesce(${t.monthlyCap}, 1) > 0`),
  ],
);

/** 理发, 洗衣, … at a friendly merchant, for a points price. */
export const rewards = pgTable(
  'rewards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    pricePoints: integer('price_points').notNull(),
    /** Units per period (period: day | week | month, Beijing time). */
    stockPerPeriod: integer('stock_per_period').notNull(),
    period: text('period').notNull().default('month'),
    /** Vouchers one rider may take per calendar month (null = no limit). */
    perRiderMonthlyLimit: integer('per_rider_monthly_limit'),
    voucherValidDays: integer('voucher_valid_days').notNull().default(7),
    /** Opening hours shown to riders, e.g. "09:00-21:00". */
    hours: text('hours').notNull().default(''),
    validFrom: timestamp('valid_from', { withTimezone: true }),
    validUntil: timestamp('valid_until', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    /**
     * What the street pays the shop back per confirmed voucher, in fen (分, 1/100 yuan); set by the
     * street operator / district admin, never by the shop. Null = no money value agreed.
     */
    settlementFen: integer('settlement_fen'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('rewards_price_positive', sql`${t.pricePoints} > 0`),
    check('rewards_settlement_non_negative', sql`coalesce(${t.settlementFen}, 0) >= 0`),
    check('rewards_stock_non_negative', sql`${t.stockPerPeriod} >= 0`),
    check('rewards_period_check', sql`${t.period} in ('day','week','month')`),
    check('rewards_limit_positive', sql`coalesce(${t.perRiderMonthlyLimit}, 1) > 0`),
    check('rewards_valid_days_positive', sql`${t.voucherValidDays} > 0`),
    index('rewards_merchant_idx').on(t.merchantId),
  ],
);

/**
 * Remaining units of a reward in one period. `remaining` never goes below zero (CHECK), and the
 * decrement is a single conditional UPDATE, so stock is exact under any concurrency.
 */
export const rewardStock = pgTable(
  'reward_stock',
  {
    rewardId: uuid('reward_id')
      .notNull()
      .references(() => rewards.id),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    total: integer('total').notNull(),
    remaining: integer('remaining').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.rewardId, t.periodStart] }),
    check('reward_stock_remaining_range', sql`${t.remaining} >= 0 and ${t.remaining} <= ${t.total}`),
  ],
);

/**
 * A one-time voucher: the hold (a pending transfer) plus what it buys. Its status moves once,
 * from issued to used (hold posted) or cancelled / expired (hold voided).
 */
export const vouchers = pgTable(
  'vouchers',
  {
    id: uuid('id').primaryKey(),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id),
    rewardId: uuid('reward_id')
      .notNull()
      .references(() => rewards.id),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    idempotencyKey: text('idempotency_key').notNull(),
    points: integer('points').notNull(),
    /** The hold; FK added by hand in the migration as DEFERRABLE, so redeem inserts the voucher first. */
    holdTransferId: uuid('hold_transfer_id').notNull().unique(),
    /** SHA-256 of the short code; the code itself is derived from the id with the signing key. */
    shortCodeHash: text('short_code_hash').notNull().unique(),
    stockPeriod: date('stock_period', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('issued'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolutionTransferId: uuid('resolution_transfer_id')
      .unique()
      .references(() => pointTransfers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('vouchers_status_check', sql`${t.status} in ('issued','used','cancelled','expired')`),
    check(
      'vouchers_resolved_check',
      sql`(${t.status} = 'issued') = (${t.resolvedAt} is null) and (${t.status} = 'issued') = (${t.resolutionTransferId} is null)`,
    ),
    uniqueIndex('vouchers_idempotency_idx').on(t.riderId, t.idempotencyKey),
    index('vouchers_rider_idx').on(t.riderId, t.createdAt),
    index('vouchers_reward_month_idx').on(t.rewardId, t.riderId, t.createdAt),
    index('vouchers_merchant_idx').on(t.merchantId, t.resolvedAt),
    index('vouchers_open_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'issued'`),
  ],
);

/**
 * A district's own numbers for an earning rule (points per event, caps), set by its district admin.
 * Absent = the city-wide default row of `earning_rules`. Applies to credits from then on; what was
 * already credited never changes (transfers are immutable).
 */
export const districtEarningRules = pgTable(
  'district_earning_rules',
  {
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    code: text('code')
      .notNull()
      .references(() => earningRules.code),
    points: integer('points').notNull(),
    dailyCap: integer('daily_cap'),
    monthlyCap: integer('monthly_cap'),
    active: boolean('active').notNull().default(true),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.districtId, t.code] }),
    check('district_earning_rules_points_positive', sql`${t.points} > 0`),
    check(
      'district_earning_rules_caps_positive',
      sql`coalesce(${t.dailyCap}, 1) > 0 and coalesce(${t.monthlyCap}, 1) > 0`,
    ),
  ],
);

/**
 * The bounds a district sets for the rewards its shops manage themselves (a merchant's own reward
 * outside them is refused; street operators and district admins are not bound). Null = no bound.
 */
export const districtRewardLimits = pgTable(
  'district_reward_limits',
  {
    districtId: uuid('district_id')
      .primaryKey()
      .references(() => districts.id),
    minPricePoints: integer('min_price_points'),
    maxPricePoints: integer('max_price_points'),
    maxStockPerPeriod: integer('max_stock_per_period'),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'district_reward_limits_positive',
      sql`coalesce(${t.minPricePoints}, 1) > 0 and coalesce(${t.maxPricePoints}, 1) > 0 and coalesce(${t.maxStockPerPeriod}, 1) > 0`,
    ),
    check(
      'district_reward_limits_price_order',
      sql`${t.minPricePoints} is null or ${t.maxPricePoints} is null or ${t.minPricePoints} <= ${t.maxPricePoints}`,
    ),
  ],
);

/**
 * 积分管理办法: a district's published points rules document. Every edit is a new version (rows
 * are only inserted); the rider sees the district's latest version whose effective date has come.
 */
export const pointsRulesDocuments = pgTable(
  'points_rules_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The Beijing date from which this version applies. */
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('points_rules_documents_version_idx').on(t.districtId, t.version),
    check('points_rules_documents_version_positive', sql`${t.version} > 0`),
  ],
);
