import { sql } from 'drizzle-orm';
import type {
  Apartment,
  ApartmentDetailQuery,
  ApartmentHitList,
  BedSearchQuery,
  RoomSummary,
} from '@nuanxin/shared/housing/schemas';
import type { Facility, RoomGender } from '@nuanxin/shared/housing/constants';
import { greatCircleMetres } from '@nuanxin/shared/geo/distance';
import { rowsOf } from '../db/client.js';
import { notFound } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { HousingContext } from './context.js';
import { apartmentPhotoLinks } from './photos.js';
import { addMonths, beijingDate } from './rules.js';

/** A bed is free for [start, end) when no offered or occupied allocation of it overlaps. */
const freeFor = (start: string, end: string) => sql`not exists (
  select 1 from bed_allocations x
   where x.bed_id = b.id and x.status in ('offered','occupied')
     and daterange(x.start_date, x.end_date) && daterange(${start}::date, ${end}::date))`;

const genderFits = (gender: RoomGender | undefined) =>
  gender && gender !== 'any' ? sql`r.gender in (${gender}, 'any')` : sql`true`;

interface HitRow {
  id: string;
  name: string;
  address: string;
  district_name: string;
  street_name: string | null;
  lat: number;
  lng: number;
  facilities: Facility[];
  vacant: number | string;
  min_price: number | null;
  max_price: number | null;
}

/** Open apartments with beds free for the whole stay asked about, nearest first. */
export async function searchBeds(ctx: Acting<HousingContext>, q: BedSearchQuery): Promise<ApartmentHitList> {
  const start = q.date ?? beijingDate(ctx.now());
  const end = addMonths(start, q.months ?? 1);
  const rows = rowsOf<HitRow>(
    await ctx.db.execute(sql`
      select a.id, a.name, a.address, d.name as district_name, s.name as street_name, a.lat, a.lng, a.facilities,
             count(b.id) as vacant, min(b.monthly_price) as min_price, max(b.monthly_price) as max_price
        from apartments a
        join districts d on d.id = a.district_id
        left join streets s on s.id = a.street_id
        join apartment_beds b on b.apartment_id = a.id and b.status = 'active'
        join apartment_rooms r on r.id = b.room_id
       where a.active
         and ${q.maxPrice === undefined ? sql`true` : sql`b.monthly_price <= ${q.maxPrice}`}
         and ${genderFits(q.gender)}
         and ${freeFor(start, end)}
       group by a.id, d.name, s.name`),
  );
  const origin = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : null;
  const items = rows.map((r) => ({
    id: r.id,
    name: r.name,
    address: r.address,
    districtName: r.district_name,
    streetName: r.street_name,
    lat: r.lat,
    lng: r.lng,
    distanceM: origin ? Math.round(greatCircleMetres(origin, { lat: r.lat, lng: r.lng })) : null,
    vacantBeds: Number(r.vacant),
    minPrice: r.min_price === null ? null : Number(r.min_price),
    maxPrice: r.max_price === null ? null : Number(r.max_price),
    facilities: r.facilities,
  }));
  items.sort((a, b) => (a.distanceM ?? 0) - (b.distanceM ?? 0) || (a.minPrice ?? 0) - (b.minPrice ?? 0));
  return { items: items.slice(0, 50) };
}

interface RoomRow {
  id: string;
  name: string;
  floor: number | null;
  gender: RoomGender;
  beds: number | string;
  vacant: number | string;
  min_price: number | null;
}

/** Rooms of an apartment with their beds and what is free for [start, end). */
export async function roomSummaries(
  ctx: HousingContext,
  apartmentId: string,
  start: string,
  end: string,
): Promise<RoomSummary[]> {
  const rows = rowsOf<RoomRow>(
    await ctx.db.execute(sql`
      select r.id, r.name, r.floor, r.gender,
             count(b.id) as beds,
             count(b.id) filter (where ${freeFor(start, end)}) as vacant,
             min(b.monthly_price) as min_price
        from apartment_rooms r
        left join apartment_beds b on b.room_id = r.id and b.status = 'active'
       where r.apartment_id = ${apartmentId}::uuid
       group by r.id
       order by r.floor nulls last, r.name`),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    floor: r.floor === null ? null : Number(r.floor),
    gender: r.gender,
    beds: Number(r.beds),
    vacantBeds: Number(r.vacant),
    minPrice: r.min_price === null ? null : Number(r.min_price),
  }));
}

interface ApartmentRowRaw {
  id: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  district_id: string;
  district_name: string;
  street_id: string | null;
  street_name: string | null;
  operator_name: string;
  contact_phone: string;
  rules: string;
  costs: string;
  facilities: Facility[];
  active: boolean;
}

/** One apartment as anyone signed in sees it: rules, costs, facilities, rooms and vacancies. */
export async function apartmentDetail(
  ctx: HousingContext,
  input: { id: string } & ApartmentDetailQuery,
  opts: { includeInactive?: boolean } = {},
): Promise<Apartment> {
  const [a] = rowsOf<ApartmentRowRaw>(
    await ctx.db.execute(sql`
      select a.id, a.name, a.address, a.lat, a.lng, a.district_id, d.name as district_name, a.street_id,
             s.name as street_name, a.operator_name, a.contact_phone, a.rules, a.costs, a.facilities, a.active
        from apartments a
        join districts d on d.id = a.district_id
        left join streets s on s.id = a.street_id
       where a.id = ${input.id}::uuid`),
  );
  if (!a || (!a.active && !opts.includeInactive)) throw notFound();
  const start = input.date ?? beijingDate(ctx.now());
  const end = addMonths(start, input.months ?? 1);
  return {
    id: a.id,
    name: a.name,
    address: a.address,
    lat: a.lat,
    lng: a.lng,
    districtId: a.district_id,
    districtName: a.district_name,
    streetId: a.street_id,
    streetName: a.street_name,
    operatorName: a.operator_name,
    contactPhone: a.contact_phone,
    rules: a.rules,
    costs: a.costs,
    facilities: a.facilities,
    photos: await apartmentPhotoLinks(ctx, a.id),
    active: a.active,
    rooms: await roomSummaries(ctx, a.id, start, end),
  };
}
