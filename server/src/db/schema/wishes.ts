import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { communities, districts, streets } from './geo.js';
import { communityPhotos } from './community-photos.js';

/**
 * 微心愿: a rider's wish addressed to a community or a street. The place columns say who reviews
 * it (a community's: its admin, its street; a street's: the street). `status` is the latest step;
 * every step is a row of `wish_steps`.
 */
export const wishes = pgTable(
  'wishes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    targetKind: text('target_kind').notNull(),
    communityId: uuid('community_id').references(() => communities.id),
    streetId: uuid('street_id')
      .notNull()
      .references(() => streets.id),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    targetName: text('target_name').notNull(),
    category: text('category').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull().default('submitted'),
    rejectReason: text('reject_reason'),
    adopterName: text('adopter_name'),
    fulfilNote: text('fulfil_note'),
    /** The rider's optional photo with the wish (never on the wall). */
    photoId: uuid('photo_id').references(() => communityPhotos.id, { onDelete: 'set null' }),
    /** Staff's photo of the fulfilled wish. */
    fulfilPhotoId: uuid('fulfil_photo_id').references(() => communityPhotos.id, { onDelete: 'set null' }),
    /** Staff confirmed the fulfilment photo shows no face, name, door or plate: the wall may show it. */
    fulfilPhotoPublic: boolean('fulfil_photo_public').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('wishes_rider_idx').on(t.riderId, t.createdAt),
    index('wishes_street_idx').on(t.streetId, t.createdAt),
    index('wishes_community_idx').on(t.communityId, t.createdAt),
    index('wishes_status_idx').on(t.status, t.updatedAt),
    check('wishes_target_check', sql`${t.targetKind} in ('community','street')`),
    check(
      'wishes_status_check',
      sql`${t.status} in ('submitted','approved','rejected','adopted','fulfilled','received')`,
    ),
  ],
);

/** One row per step of a wish (append-only: rows are only inserted, never updated). */
export const wishSteps = pgTable(
  'wish_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    wishId: uuid('wish_id')
      .notNull()
      .references(() => wishes.id, { onDelete: 'cascade' }),
    step: text('step').notNull(),
    note: text('note'),
    actorId: uuid('actor_id').references(() => users.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('wish_steps_wish_idx').on(t.wishId, t.at),
    check(
      'wish_steps_step_check',
      sql`${t.step} in ('submitted','approved','rejected','adopted','fulfilled','received')`,
    ),
  ],
);
