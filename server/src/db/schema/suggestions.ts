import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { communities, districts, streets } from './geo.js';
import { stations } from './stations.js';

/**
 * 骑思妙想: a rider's suggestion to a station, community or street. The place columns say who
 * reads it (a station's go to its street, or its district when it has none).
 */
export const suggestions = pgTable(
  'suggestions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    targetKind: text('target_kind').notNull(),
    stationId: uuid('station_id').references(() => stations.id),
    communityId: uuid('community_id').references(() => communities.id),
    streetId: uuid('street_id').references(() => streets.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    targetName: text('target_name').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    category: text('category'),
    status: text('status').notNull().default('submitted'),
    reply: text('reply'),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    repliedBy: uuid('replied_by').references(() => users.id, { onDelete: 'set null' }),
    decisionReason: text('decision_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    supportCount: integer('support_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('suggestions_rider_idx').on(t.riderId, t.createdAt),
    index('suggestions_street_idx').on(t.streetId, t.createdAt),
    index('suggestions_community_idx').on(t.communityId, t.createdAt),
    index('suggestions_district_idx').on(t.districtId, t.createdAt),
    check('suggestions_target_check', sql`${t.targetKind} in ('station','community','street')`),
    check('suggestions_status_check', sql`${t.status} in ('submitted','received','adopted','not_adopted')`),
  ],
);

/** One +1 per rider and suggestion; `suggestions.support_count` counts them (same transaction). */
export const suggestionSupports = pgTable(
  'suggestion_supports',
  {
    suggestionId: uuid('suggestion_id')
      .notNull()
      .references(() => suggestions.id, { onDelete: 'cascade' }),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.suggestionId, t.riderId] }), index('suggestion_supports_rider_idx').on(t.riderId)],
);
