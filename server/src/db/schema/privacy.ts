import { jsonb, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';

/**
 * A person's acceptance of the privacy guide (隐私保护指引): which version, when, and what was
 * agreed (location, camera, subscribe messages). Append-only per version; a new guide version
 * asks again. Removed with the account (privacy job's delete).
 */
export const userConsents = pgTable(
  'user_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    /** mini-program (weapp) or browser (h5): where the guide was shown. */
    channel: text('channel').notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('user_consents_user_idx').on(t.userId, t.acceptedAt)],
);
