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
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { districts, streets } from './geo.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * 暖新公寓: low-rent beds for riders. A district admin registers an apartment; its operator (role
 * apartment_operator, scope kind `apartment`) manages rooms, beds and applications.
 */
export const apartments = pgTable(
  'apartments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    streetId: uuid('street_id').references(() => streets.id),
    name: text('name').notNull(),
    address: text('address').notNull(),
    /** GCJ-02, like stations. */
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    /** The organisation running it (shown to riders). */
    operatorName: text('operator_name').notNull(),
    /** The front desk's public number (not a person's). */
    contactPhone: text('contact_phone').notNull().default(''),
    rules: text('rules').notNull().default(''),
    costs: text('costs').notNull().default(''),
    facilities: jsonb('facilities').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('apartments_district_idx').on(t.districtId),
    check('apartments_lat_check', sql`${t.lat} between -90 and 90`),
    check('apartments_lng_check', sql`${t.lng} between -180 and 180`),
  ],
);

/**
 * Photos of an apartment, shown to riders in `sort_order`. The files live in the housing photo
 * store (`<UPLOAD_DIR>-housing`, served signed at /media/apartments); a row is written in the same
 * transaction that commits its staged files' fate.
 */
export const apartmentPhotos = pgTable(
  'apartment_photos',
  {
    id: uuid('id').primaryKey(),
    apartmentId: uuid('apartment_id')
      .notNull()
      .references(() => apartments.id, { onDelete: 'cascade' }),
    sortOrder: integer('sort_order').notNull(),
    storageKey: text('storage_key').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('apartment_photos_apartment_idx').on(t.apartmentId, t.sortOrder)],
);

export const apartmentRooms = pgTable(
  'apartment_rooms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    apartmentId: uuid('apartment_id')
      .notNull()
      .references(() => apartments.id),
    name: text('name').notNull(),
    floor: integer('floor'),
    /** male | female | any */
    gender: text('gender').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('apartment_rooms_name_idx').on(t.apartmentId, t.name),
    check('apartment_rooms_gender_check', sql`${t.gender} in ('male','female','any')`),
  ],
);

export const apartmentBeds = pgTable(
  'apartment_beds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => apartmentRooms.id),
    /** The room's apartment, kept here so searches and figures need no join through rooms. */
    apartmentId: uuid('apartment_id')
      .notNull()
      .references(() => apartments.id),
    code: text('code').notNull(),
    /** Yuan per month. */
    monthlyPrice: integer('monthly_price').notNull(),
    /** active | closed */
    status: text('status').notNull().default('active'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('apartment_beds_code_idx').on(t.roomId, t.code),
    index('apartment_beds_apartment_idx').on(t.apartmentId),
    check('apartment_beds_status_check', sql`${t.status} in ('active','closed')`),
    check('apartment_beds_price_check', sql`${t.monthlyPrice} between 0 and 10000`),
  ],
);

/** A rider's application for a bed in one apartment. */
export const housingApplications = pgTable(
  'housing_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    riderId: uuid('rider_id')
      .notNull()
      .references(() => users.id),
    apartmentId: uuid('apartment_id')
      .notNull()
      .references(() => apartments.id),
    fromDate: date('from_date').notNull(),
    months: integer('months').notNull(),
    needs: text('needs').notNull().default(''),
    /** The room gender the rider asks for (male | female | any). */
    gender: text('gender').notNull(),
    /** submitted | waitlisted | offered | declined | moved_in | moved_out */
    status: text('status').notNull().default('submitted'),
    /** Why it was declined (shown to the rider). */
    reason: text('reason'),
    /** Subscribe messages the rider agreed to when applying (HOUSING_SUBSCRIBE_KINDS). */
    subscriptions: jsonb('subscriptions').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('housing_applications_rider_idx').on(t.riderId),
    index('housing_applications_apartment_idx').on(t.apartmentId, t.status),
    // One open application per rider and apartment.
    uniqueIndex('housing_applications_open_idx')
      .on(t.riderId, t.apartmentId)
      .where(sql`${t.status} in ('submitted','waitlisted','offered','moved_in')`),
    check(
      'housing_applications_status_check',
      sql`${t.status} in ('submitted','waitlisted','offered','declined','moved_in','moved_out')`,
    ),
    check('housing_applications_months_check', sql`${t.months} between 1 and 12`),
    check('housing_applications_gender_check', sql`${t.gender} in ('male','female','any')`),
  ],
);

/**
 * A bed given to an application for [start_date, end_date). While offered or occupied no other
 * allocation of the same bed may overlap: the exclusion constraint bed_allocations_no_overlap
 * (btree_gist; in the migration housing_bed_exclusion, drizzle cannot declare it) enforces it
 * in the database, whatever the code does. ended | cancelled rows keep the history.
 */
export const bedAllocations = pgTable(
  'bed_allocations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bedId: uuid('bed_id')
      .notNull()
      .references(() => apartmentBeds.id),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => housingApplications.id),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
    /** offered | occupied | ended | cancelled */
    status: text('status').notNull(),
    movedInAt: ts('moved_in_at'),
    movedOutAt: ts('moved_out_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('bed_allocations_application_idx').on(t.applicationId),
    check('bed_allocations_status_check', sql`${t.status} in ('offered','occupied','ended','cancelled')`),
    check('bed_allocations_dates_check', sql`${t.endDate} > ${t.startDate}`),
  ],
);

/** Each step of an application, append-only, as the rider sees it (like report_updates). */
export const housingApplicationSteps = pgTable(
  'housing_application_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => housingApplications.id),
    step: text('step').notNull(),
    note: text('note').notNull().default(''),
    /** The staff member who took the step; null for the rider's own. */
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    at: ts('at').notNull(),
  },
  (t) => [index('housing_application_steps_application_idx').on(t.applicationId, t.at)],
);
