import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';

/**
 * Photos of the community jobs (随手帮 and 微心愿), one row per photo; the files live in their own
 * folder (`<UPLOAD_DIR>-community`). `rider_id` is the rider whose record the photo belongs to
 * (the claim's or the wish's rider): the data export includes it, account deletion erases it.
 * - `task_done`: the rider's photo with 完成 (seen by the rider and the task's scope's staff)
 * - `wish`: the rider's photo with a wish (the rider and the scope's staff; never the wall)
 * - `wish_fulfil`: staff's photo of the fulfilled wish (the rider, staff; the wall only when staff
 *   marked it fit for the public: `public`)
 */
export const communityPhotos = pgTable(
  'community_photos',
  {
    id: uuid('id').primaryKey(),
    purpose: text('purpose').notNull(),
    riderId: uuid('rider_id').references(() => users.id, { onDelete: 'cascade' }),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    storageKey: text('storage_key').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('community_photos_rider_idx').on(t.riderId),
    check('community_photos_purpose_check', sql`${t.purpose} in ('task_done','wish','wish_fulfil')`),
  ],
);
