import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
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
import type { Closure, HoursSlot } from '@nuanxin/shared/stations/schemas';
import { districts, streets } from './geo.js';

/**
 * Written, never read back: the API reads `weekly`/`closures` (jsonb) and the database answers
 * "open at minute m of the week" with `open_minutes @> m` and closures with `closed_dates @> d`.
 */
const int4multirange = customType<{ data: string; driverData: string }>({ dataType: () => 'int4multirange' });
const datemultirange = customType<{ data: string; driverData: string }>({ dataType: () => 'datemultirange' });
/** earthdistance's point: x, y, z in metres from the Earth's centre. */
const cube = customType<{ data: string; driverData: string }>({ dataType: () => 'cube' });

/** 驿站 and other service points (charging, battery swap, friendly merchants), GCJ-02. */
export const stations = pgTable(
  'stations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The id in the source data set (`nx-<id>` when created here); imports upsert by it. */
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    address: text('address').notNull().default(''),
    districtId: uuid('district_id')
      .notNull()
      .references(() => districts.id),
    streetId: uuid('street_id').references(() => streets.id),
    is24h: boolean('is_24h').notNull().default(false),
    weekly: jsonb('weekly').$type<HoursSlot[][]>().notNull(),
    closures: jsonb('closures').$type<Closure[]>().notNull().default([]),
    /** Minutes of the week (Monday 00:00 = 0 … 10080) when open by schedule; derived from the above. */
    openMinutes: int4multirange('open_minutes').notNull(),
    /** Dates (Asia/Shanghai) of closures; derived from `closures`. */
    closedDates: datemultirange('closed_dates').notNull(),
    amenities: text('amenities')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    seats: integer('seats'),
    chargingPorts: integer('charging_ports'),
    swapPorts: integer('swap_ports'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    status: text('status').notNull().default('open'),
    statusNote: text('status_note'),
    photos: text('photos')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /**
     * ll_to_earth(lat, lng), kept by the database. Plain cube, not the `earth` domain: the nearby
     * search reads it for every candidate row, and computing it there (trigonometry plus the
     * domain's checks, several times a row) was more than a third of the search's time.
     */
    pos: cube('pos')
      .notNull()
      .generatedAlwaysAs(sql`ll_to_earth(lat, lng)`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('stations_external_id_idx').on(t.externalId),
    // Nearest/radius/viewport: KNN (`<->`) and `earth_box @>` both run on this one GiST index.
    index('stations_pos_gist').using('gist', t.pos),
    index('stations_district_idx').on(t.districtId),
    index('stations_street_idx').on(t.streetId),
    check('stations_status_check', sql`${t.status} in ('open','closed')`),
    check('stations_lat_check', sql`${t.lat} between -90 and 90`),
    check('stations_lng_check', sql`${t.lng} between -180 and 180`),
  ],
);
