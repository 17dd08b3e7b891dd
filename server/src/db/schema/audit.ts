import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every staff write, one row each: who (id, role and name as they were), when, what was done to
 * which record, where it sits (district, street, community, shop: the scopes that may read it),
 * and the record before and after. Append-only: a trigger (server/src/audit/sql) refuses UPDATE,
 * DELETE and TRUNCATE, so no foreign keys either (a deleted account keeps its history here).
 * Values never hold a full phone or ID number (PIPL): writers pass the masked forms.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role').notNull(),
    actorName: text('actor_name').notNull().default(''),
    /** `<job>.<verb>`, e.g. pass.approve, agreement.end, invitation.revoke: see audit/actions.ts. */
    action: text('action').notNull(),
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    districtId: uuid('district_id'),
    streetId: uuid('street_id'),
    communityId: uuid('community_id'),
    merchantId: uuid('merchant_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_log_district_idx').on(t.districtId, t.at),
    index('audit_log_street_idx').on(t.streetId, t.at),
    index('audit_log_community_idx').on(t.communityId, t.at),
    index('audit_log_merchant_idx').on(t.merchantId, t.at),
    index('audit_log_actor_idx').on(t.actorId, t.at),
  ],
);
