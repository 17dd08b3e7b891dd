import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, jsonb } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** WeChat openid for this mini-program; null only for accounts not yet bound. */
    openid: text('openid').unique(),
    /** openid of the official account (公众号), from the H5 build's 网页授权 sign-in. */
    oaOpenid: text('oa_openid').unique(),
    /** Shared by the mini-program and the official account: links the two sign-ins to one user. */
    unionid: text('unionid'),
    role: text('role').notNull().default('rider'),
    displayName: text('display_name').notNull(),
    /** Last four digits only; the full number is never stored here (PIPL). */
    phoneLast4: text('phone_last4'),
    status: text('status').notNull().default('active'),
    /** Set for seeded demo accounts; demo login works only in demo mode. */
    demoAccount: text('demo_account').unique(),
    /** "Log out everywhere": access tokens issued before this instant are refused. */
    tokensValidAfter: timestamp('tokens_valid_after', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_unionid_idx').on(t.unionid),
    check(
      'users_role_check',
      sql`${t.role} in ('rider','community_admin','street_operator','merchant','district_admin','gate_guard','crew_member','mediator','apartment_operator')`,
    ),
    // deleted: a rider who deleted the account (privacy job): a tombstone kept for the ledger and
    // the city's anonymised reports, with nothing that names the person.
    check('users_status_check', sql`${t.status} in ('active','suspended','deleted')`),
  ],
);

/**
 * What a staff member is responsible for. Deny by default: a staff role with no scope row sees
 * nothing. kind ∈ district | street | community | merchant | gate | team | apartment; ref_id points at that table.
 */
export const staffScopes = pgTable(
  'staff_scopes',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    refId: uuid('ref_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind, t.refId] }),
    check(
      'staff_scopes_kind_check',
      sql`${t.kind} in ('district','street','community','merchant','gate','team','apartment')`,
    ),
    index('staff_scopes_ref_idx').on(t.kind, t.refId),
  ],
);

/**
 * One-time tickets that carry a finished H5 WeChat sign-in (网页授权 callback) back to the page,
 * which exchanges it for tokens: tokens never travel in a URL. Stored as SHA-256, valid a minute.
 */
export const loginTickets = pgTable('login_tickets', {
  ticketHash: text('ticket_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/** WeChat session_key, kept server-side only: it decrypts user data and must never leave. */
export const wechatSessions = pgTable('wechat_sessions', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  sessionKey: text('session_key').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Rotating refresh tokens, stored as SHA-256 hashes. Each login starts a family; presenting a
 * token that was already rotated revokes the whole family (theft detection).
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_idx').on(t.tokenHash),
    index('refresh_tokens_user_idx').on(t.userId),
    index('refresh_tokens_family_idx').on(t.familyId),
  ],
);

/** One-time staff invitation codes (stored hashed) binding a WeChat identity to a staff role. */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    codeHash: text('code_hash').notNull(),
    role: text('role').notNull(),
    displayName: text('display_name').notNull(),
    scope: jsonb('scope').$type<{ kind: string; refId: string }[]>().notNull(),
    /** Null: issued by the system (`pnpm admin:bootstrap`, a district's first admin). */
    createdBy: uuid('created_by').references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    redeemedBy: uuid('redeemed_by').references(() => users.id),
    redeemedAt: timestamp('redeemed_at', { withTimezone: true }),
    /** Revoked before redemption by its issuer (or anyone over the same scope). */
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('invitations_code_hash_idx').on(t.codeHash),
    check(
      'invitations_role_check',
      sql`${t.role} in ('community_admin','street_operator','merchant','district_admin','gate_guard','crew_member','mediator','apartment_operator')`,
    ),
  ],
);
