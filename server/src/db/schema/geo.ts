import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { polygon } from './types.js';

/** 区. Boundary in GCJ-02, outer ring only (enough to place and route within it). */
export const districts = pgTable(
  'districts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    adcode: text('adcode').notNull().unique(),
    name: text('name').notNull(),
    boundary: polygon('boundary'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // "Is this point in a district we serve" (geo/describe.ts) with `@>`, like the streets'.
  (t) => [index('districts_boundary_gist').using('gist', t.boundary)],
);

/** 街道: the unit that receives hazard reports and operates stations. */
export const streets = pgTable(
  'streets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    boundary: polygon('boundary'),
    /** A deactivated street keeps its history; it is offered for nothing new. */
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('streets_district_idx').on(t.districtId),
    // GiST on the polygon answers "which street covers this point" with `@>`.
    index('streets_boundary_gist').using('gist', t.boundary),
  ],
);

/** 社区/小区: the unit whose admin approves rider passes. */
export const communities = pgTable(
  'communities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    streetId: uuid('street_id')
      .notNull()
      .references(() => streets.id),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    outline: polygon('outline'),
    /** 物业公司: the property company that manages the estate (a party to its agreements). */
    propertyCompany: text('property_company').notNull().default(''),
    /** A deactivated community admits no new applications and is hidden from riders. */
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('communities_street_idx').on(t.streetId),
    // The community nearest a point (geo/describe.ts): KNN (`<->`) and `earth_box @>` on this index.
    index('communities_pos_gist').using('gist', sql`ll_to_earth(${t.lat}, ${t.lng})`),
  ],
);

export const merchants = pgTable(
  'merchants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    streetId: uuid('street_id')
      .notNull()
      .references(() => streets.id),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    address: text('address').notNull().default(''),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('merchants_street_idx').on(t.streetId)],
);
