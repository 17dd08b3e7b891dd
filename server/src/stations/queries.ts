import { sql, type SQL } from 'drizzle-orm';
import type { Amenity, StationStatus, StationType } from '@nuanxin/shared/stations/constants';
import type { Closure, HoursSlot, Station } from '@nuanxin/shared/stations/schemas';
import { rowsOf, type Db } from '../db/client.js';
import { toDate } from '../db/prepared.js';
import { shanghaiMoment } from './hours.js';

/** A station row as the raw queries below return it (snake_case, either driver). */
export interface StationRow {
  id: string;
  external_id: string;
  name: string;
  type: string;
  lat: number;
  lng: number;
  address: string;
  district_id: string;
  street_id: string | null;
  street_name: string | null;
  is_24h: boolean;
  weekly: HoursSlot[][];
  closures: Closure[];
  amenities: string[];
  seats: number | null;
  charging_ports: number | null;
  swap_ports: number | null;
  contact_name: string | null;
  contact_phone: string | null;
  status: string;
  status_note: string | null;
  photos: string[];
  updated_at: Date | string;
  open_now: boolean;
  distance_m?: number | null;
  /** KNN key: chord distance, what the index orders by (only in nearby answers). */
  knn?: number;
}

/** Columns of `stations s`, plus "open at" for the given instant, evaluated in SQL. */
export function stationColumns(at: Date): SQL {
  const { minuteOfWeek, date } = shanghaiMoment(at);
  return sql`s.id, s.external_id, s.name, s.type, s.lat, s.lng, s.address, s.district_id, s.street_id,
    s.is_24h, s.weekly, s.closures, s.amenities, s.seats, s.charging_ports, s.swap_ports,
    s.contact_name, s.contact_phone, s.status, s.status_note, s.photos, s.updated_at,
    ${openAtSql(minuteOfWeek, date)} AS open_now`;
}

/** The one "open" rule, station_open_at (sql/station_open_at.sql; the nearby search uses it too). */
export function openAtSql(minuteOfWeek: number, date: string): SQL {
  return sql`station_open_at(s.status, s.open_minutes, s.closed_dates, ${minuteOfWeek}::int, ${date}::date)`;
}

export function toStation(row: StationRow): Station {
  return {
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    type: row.type as StationType,
    lat: Number(row.lat),
    lng: Number(row.lng),
    address: row.address,
    districtId: row.district_id,
    streetId: row.street_id,
    streetName: row.street_name ?? null,
    hours: { is24h: row.is_24h, weekly: row.weekly, closures: row.closures },
    amenities: row.amenities as Amenity[],
    counts: { seats: row.seats, chargingPorts: row.charging_ports, swapPorts: row.swap_ports },
    contact: { name: row.contact_name, phone: row.contact_phone },
    status: row.status as StationStatus,
    statusNote: row.status_note,
    photos: row.photos,
    openNow: Boolean(row.open_now),
    ...(row.distance_m != null ? { distanceM: Math.round(Number(row.distance_m)) } : {}),
    updatedAt: toDate(row.updated_at).toISOString(),
  };
}

/** One station by id with its street name, or undefined. */
export async function findStation(db: Db, id: string, at: Date): Promise<StationRow | undefined> {
  const result = await db.execute(sql`
    SELECT ${stationColumns(at)}, st.name AS street_name
    FROM stations s LEFT JOIN streets st ON st.id = s.street_id
    WHERE s.id = ${id}`);
  return rowsOf<StationRow>(result)[0];
}
