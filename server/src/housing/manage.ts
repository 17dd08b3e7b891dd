import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type {
  Apartment,
  CreateApartmentBody,
  CreateBedBody,
  CreateRoomBody,
  HousingFigures,
  StaffRoom,
  StaffRoomList,
  UpdateApartmentBody,
  UpdateBedBody,
  UpdateRoomBody,
} from '@nuanxin/shared/housing/schemas';
import type { BedStatus, RoomGender } from '@nuanxin/shared/housing/constants';
import { rowsOf, type Db } from '../db/client.js';
import { databaseError } from '../db/errors.js';
import { apartmentBeds, apartmentRooms, apartments, bedAllocations, streets } from '../db/schema/index.js';
import { badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import { recordAudit } from '../audit/index.js';
import { inScope, type Acting } from '../auth/index.js';
import { managedApartment, type HousingContext } from './context.js';
import { managedApartmentsSql } from './applications.js';
import { apartmentDetail } from './search.js';
import { beijingDate, maskPhone } from './rules.js';

const nameTaken = (err: unknown) => {
  const c = databaseError(err)?.constraint;
  if (c === 'apartment_rooms_name_idx' || c === 'apartment_beds_code_idx') throw conflict('HOUSING_NAME_TAKEN');
  throw err;
};

/** A district admin registers an apartment of its district (in one of its streets, if given). */
export async function createApartment(ctx: Acting<HousingContext>, input: CreateApartmentBody): Promise<Apartment> {
  const { actor } = ctx;
  if (actor.role !== 'district_admin') throw forbidden('FORBIDDEN');
  checkDeskPhone(input.contactPhone);
  let districtId = actor.districtIds[0];
  let streetId: string | null = null;
  if (input.streetId) {
    const [street] = await ctx.db.select().from(streets).where(eq(streets.id, input.streetId));
    if (!street) throw badRequest('VALIDATION_FAILED', '街道不存在', 'streetId');
    if (!inScope(actor, { districtId: street.districtId, streetId: street.id })) throw forbidden('OUT_OF_SCOPE');
    districtId = street.districtId;
    streetId = street.id;
  }
  if (!districtId) throw forbidden('OUT_OF_SCOPE');
  const now = ctx.now();
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apartments)
      .values({
        districtId,
        streetId,
        name: input.name.trim(),
        address: input.address.trim(),
        lat: input.lat,
        lng: input.lng,
        operatorName: input.operatorName.trim(),
        contactPhone: input.contactPhone?.trim() ?? '',
        rules: input.rules ?? '',
        costs: input.costs ?? '',
        facilities: input.facilities ?? [],
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: apartments.id });
    await recordAudit(tx as unknown as Db, {
      actor,
      at: now,
      action: 'apartment.create',
      target: { kind: 'apartment', id: row!.id },
      place: { districtId, streetId },
      after: { name: input.name, address: input.address, operatorName: input.operatorName },
    });
    return row!.id;
  });
  return apartmentDetail(ctx, { id }, { includeInactive: true });
}

/**
 * The front desk's number is shown in full to every rider, so it must be a desk line or a 400
 * number: a personal mobile number would be published (and the privacy rule forbids it).
 */
function checkDeskPhone(phone: string | undefined) {
  if (phone && /^(\+?86)?1[3-9]\d{9}$/.test(phone.replace(/[\s-]/g, ''))) {
    throw badRequest('VALIDATION_FAILED', '联系电话请填写公寓前台座机或 400 电话，不公开个人手机号', 'contactPhone');
  }
}

/** The audit row keeps a front-desk phone masked, like every phone it holds. */
const auditable = (values: Record<string, unknown>) =>
  typeof values.contactPhone === 'string' && values.contactPhone.length >= 7
    ? { ...values, contactPhone: maskPhone(values.contactPhone) }
    : values;

/** Its operator or district admin edits an apartment: details, rules, costs, facilities, open or closed. */
export async function updateApartment(
  ctx: Acting<HousingContext>,
  input: { id: string } & UpdateApartmentBody,
): Promise<Apartment> {
  const { id, ...changes } = input;
  checkDeskPhone(changes.contactPhone);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const before = await managedApartment(db, ctx.actor, id);
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length === 0) return;
    await tx
      .update(apartments)
      .set({ ...set, updatedAt: now })
      .where(eq(apartments.id, id));
    await recordAudit(db, {
      actor: ctx.actor,
      at: now,
      action: 'apartment.update',
      target: { kind: 'apartment', id },
      place: { districtId: before.districtId, streetId: before.streetId },
      before: auditable(Object.fromEntries(Object.keys(set).map((k) => [k, before[k as keyof typeof before]]))),
      after: auditable(set),
    });
  });
  return apartmentDetail(ctx, { id }, { includeInactive: true });
}

/** An apartment the caller manages, open or closed, for its edit form. */
export async function managedApartmentDetail(ctx: Acting<HousingContext>, input: { id: string }): Promise<Apartment> {
  await managedApartment(ctx.db, ctx.actor, input.id);
  return apartmentDetail(ctx, { id: input.id }, { includeInactive: true });
}

/** Rooms and beds of an apartment, with who holds each bed today (name only). */
export async function listRooms(ctx: Acting<HousingContext>, input: { id: string }): Promise<StaffRoomList> {
  await managedApartment(ctx.db, ctx.actor, input.id);
  const today = beijingDate(ctx.now());
  const rows = rowsOf<{
    room_id: string;
    room_name: string;
    floor: number | null;
    gender: RoomGender;
    bed_id: string | null;
    code: string | null;
    monthly_price: number | null;
    status: BedStatus | null;
    holder_name: string | null;
    holder_state: string | null;
    until: string | null;
  }>(
    await ctx.db.execute(sql`
      select r.id as room_id, r.name as room_name, r.floor, r.gender, b.id as bed_id, b.code, b.monthly_price,
             b.status, coalesce(p.real_name, u.display_name) as holder_name, x.status as holder_state,
             x.end_date::text as until
        from apartment_rooms r
        left join apartment_beds b on b.room_id = r.id
        left join bed_allocations x on x.bed_id = b.id and x.status in ('offered','occupied')
             and x.start_date <= ${today}::date and x.end_date > ${today}::date
        left join housing_applications h on h.id = x.application_id
        left join users u on u.id = h.rider_id
        left join rider_profiles p on p.user_id = h.rider_id
       where r.apartment_id = ${input.id}::uuid
       order by r.floor nulls last, r.name, b.code`),
  );
  const rooms = new Map<string, StaffRoom>();
  for (const r of rows) {
    let room = rooms.get(r.room_id);
    if (!room) {
      room = { id: r.room_id, name: r.room_name, floor: r.floor, gender: r.gender, beds: [] };
      rooms.set(r.room_id, room);
    }
    if (r.bed_id) {
      room.beds.push({
        id: r.bed_id,
        code: r.code!,
        monthlyPrice: Number(r.monthly_price),
        status: r.status!,
        holder:
          r.holder_name && r.holder_state
            ? { name: r.holder_name, state: r.holder_state === 'occupied' ? '已入住' : '待入住', until: r.until! }
            : null,
      });
    }
  }
  return { items: [...rooms.values()] };
}

export async function createRoom(
  ctx: Acting<HousingContext>,
  input: { id: string } & CreateRoomBody,
): Promise<StaffRoomList> {
  const now = ctx.now();
  await ctx.db
    .transaction(async (tx) => {
      const db = tx as unknown as Db;
      const apartment = await managedApartment(db, ctx.actor, input.id);
      const [room] = await tx
        .insert(apartmentRooms)
        .values({
          apartmentId: apartment.id,
          name: input.name.trim(),
          floor: input.floor ?? null,
          gender: input.gender,
          createdAt: now,
        })
        .returning({ id: apartmentRooms.id });
      await recordAudit(db, {
        actor: ctx.actor,
        at: now,
        action: 'apartment_room.create',
        target: { kind: 'apartment_room', id: room!.id },
        place: { districtId: apartment.districtId, streetId: apartment.streetId },
        after: { apartment: apartment.name, name: input.name, floor: input.floor ?? null, gender: input.gender },
      });
    })
    .catch(nameTaken);
  return listRooms(ctx, { id: input.id });
}

async function roomInScope(db: Db, ctx: Acting<HousingContext>, roomId: string) {
  const [room] = await db.select().from(apartmentRooms).where(eq(apartmentRooms.id, roomId));
  if (!room) throw notFound();
  return { room, apartment: await managedApartment(db, ctx.actor, room.apartmentId) };
}

export async function createBed(
  ctx: Acting<HousingContext>,
  input: { id: string } & CreateBedBody,
): Promise<StaffRoomList> {
  const now = ctx.now();
  const apartmentId = await ctx.db
    .transaction(async (tx) => {
      const db = tx as unknown as Db;
      const { room, apartment } = await roomInScope(db, ctx, input.id);
      const [bed] = await tx
        .insert(apartmentBeds)
        .values({
          roomId: room.id,
          apartmentId: apartment.id,
          code: input.code.trim(),
          monthlyPrice: input.monthlyPrice,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: apartmentBeds.id });
      await recordAudit(db, {
        actor: ctx.actor,
        at: now,
        action: 'apartment_bed.create',
        target: { kind: 'apartment_bed', id: bed!.id },
        place: { districtId: apartment.districtId, streetId: apartment.streetId },
        after: { room: room.name, code: input.code, monthlyPrice: input.monthlyPrice },
      });
      return apartment.id;
    })
    .catch(nameTaken);
  return listRooms(ctx, { id: apartmentId });
}

/** Loads a room the caller manages, locked for the rest of the transaction. */
async function lockedRoomInScope(db: Db, ctx: Acting<HousingContext>, roomId: string) {
  const [room] = await db.select().from(apartmentRooms).where(eq(apartmentRooms.id, roomId)).for('update');
  if (!room) throw notFound();
  return { room, apartment: await managedApartment(db, ctx.actor, room.apartmentId) };
}

/**
 * Renames a room, moves it to another floor, or changes whom it is for. The gender cannot change
 * while a bed of the room is offered or occupied for today or later: the stay was given to a rider
 * of the old gender.
 */
export async function updateRoom(
  ctx: Acting<HousingContext>,
  input: { id: string } & UpdateRoomBody,
): Promise<StaffRoomList> {
  const now = ctx.now();
  const today = beijingDate(now);
  const apartmentId = await ctx.db
    .transaction(async (tx) => {
      const db = tx as unknown as Db;
      const { room, apartment } = await lockedRoomInScope(db, ctx, input.id);
      const set = {
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.floor !== undefined ? { floor: input.floor } : {}),
        ...(input.gender !== undefined && input.gender !== room.gender ? { gender: input.gender } : {}),
      };
      if (set.name === '') throw badRequest('VALIDATION_FAILED', '请填写房间名称', 'name');
      if (set.gender) {
        const [held] = await tx
          .select({ id: bedAllocations.id })
          .from(bedAllocations)
          .innerJoin(apartmentBeds, eq(apartmentBeds.id, bedAllocations.bedId))
          .where(
            and(
              eq(apartmentBeds.roomId, room.id),
              inArray(bedAllocations.status, ['offered', 'occupied']),
              gt(bedAllocations.endDate, today),
            ),
          )
          .limit(1);
        if (held) throw conflict('HOUSING_ROOM_GENDER_IN_USE');
      }
      if (Object.keys(set).length > 0) {
        await tx.update(apartmentRooms).set(set).where(eq(apartmentRooms.id, room.id));
        await recordAudit(db, {
          actor: ctx.actor,
          at: now,
          action: 'apartment_room.update',
          target: { kind: 'apartment_room', id: room.id },
          place: { districtId: apartment.districtId, streetId: apartment.streetId },
          before: Object.fromEntries(Object.keys(set).map((k) => [k, room[k as keyof typeof room]])),
          after: { apartment: apartment.name, ...set },
        });
      }
      return apartment.id;
    })
    .catch(nameTaken);
  return listRooms(ctx, { id: apartmentId });
}

/**
 * Deletes a room and its beds — only while no bed of it has ever been offered to anyone: an
 * allocation (even ended or withdrawn) is a rider's history, kept with its bed. Such a room's beds
 * are closed instead.
 */
export async function deleteRoom(ctx: Acting<HousingContext>, input: { id: string }): Promise<StaffRoomList> {
  const now = ctx.now();
  const apartmentId = await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const { room, apartment } = await lockedRoomInScope(db, ctx, input.id);
    const beds = await tx
      .select({ id: apartmentBeds.id, code: apartmentBeds.code })
      .from(apartmentBeds)
      .where(eq(apartmentBeds.roomId, room.id))
      .for('update');
    if (beds.length > 0) {
      const [used] = await tx
        .select({ id: bedAllocations.id })
        .from(bedAllocations)
        .where(
          inArray(
            bedAllocations.bedId,
            beds.map((b) => b.id),
          ),
        )
        .limit(1);
      if (used) throw conflict('HOUSING_ROOM_IN_USE');
      await tx.delete(apartmentBeds).where(eq(apartmentBeds.roomId, room.id));
    }
    await tx.delete(apartmentRooms).where(eq(apartmentRooms.id, room.id));
    await recordAudit(db, {
      actor: ctx.actor,
      at: now,
      action: 'apartment_room.delete',
      target: { kind: 'apartment_room', id: room.id },
      place: { districtId: apartment.districtId, streetId: apartment.streetId },
      before: {
        apartment: apartment.name,
        name: room.name,
        floor: room.floor,
        gender: room.gender,
        beds: beds.map((b) => b.code),
      },
    });
    return apartment.id;
  });
  return listRooms(ctx, { id: apartmentId });
}

/** Changes a bed's price or closes/reopens it. A closed bed keeps the stays already given. */
export async function updateBed(
  ctx: Acting<HousingContext>,
  input: { id: string } & UpdateBedBody,
): Promise<StaffRoomList> {
  const now = ctx.now();
  const apartmentId = await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [bed] = await tx.select().from(apartmentBeds).where(eq(apartmentBeds.id, input.id)).for('update');
    if (!bed) throw notFound();
    const apartment = await managedApartment(db, ctx.actor, bed.apartmentId);
    const set = {
      ...(input.monthlyPrice !== undefined ? { monthlyPrice: input.monthlyPrice } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
    };
    if (Object.keys(set).length > 0) {
      await tx
        .update(apartmentBeds)
        .set({ ...set, updatedAt: now })
        .where(eq(apartmentBeds.id, bed.id));
      await recordAudit(db, {
        actor: ctx.actor,
        at: now,
        action: 'apartment_bed.update',
        target: { kind: 'apartment_bed', id: bed.id },
        place: { districtId: apartment.districtId, streetId: apartment.streetId },
        before: { monthlyPrice: bed.monthlyPrice, status: bed.status },
        after: set,
      });
    }
    return apartment.id;
  });
  return listRooms(ctx, { id: apartmentId });
}

/** Occupancy and waiting today, per apartment the caller manages and per district. */
export async function housingFigures(ctx: Acting<HousingContext>): Promise<HousingFigures> {
  const today = beijingDate(ctx.now());
  const rows = rowsOf<{
    id: string;
    name: string;
    active: boolean;
    district_id: string;
    district_name: string;
    beds: number | string;
    occupied: number | string;
    offered: number | string;
    waiting: number | string;
  }>(
    await ctx.db.execute(sql`
      select a.id, a.name, a.active, a.district_id, d.name as district_name,
             (select count(*) from apartment_beds b where b.apartment_id = a.id and b.status = 'active') as beds,
             (select count(distinct x.bed_id) from bed_allocations x join apartment_beds b on b.id = x.bed_id
               where b.apartment_id = a.id and x.status = 'occupied'
                 and x.start_date <= ${today}::date and x.end_date > ${today}::date) as occupied,
             (select count(distinct x.bed_id) from bed_allocations x join apartment_beds b on b.id = x.bed_id
               where b.apartment_id = a.id and x.status = 'offered'
                 and x.start_date <= ${today}::date and x.end_date > ${today}::date) as offered,
             (select count(*) from housing_applications h
               where h.apartment_id = a.id and h.status in ('submitted','waitlisted')) as waiting
        from apartments a join districts d on d.id = a.district_id
       where ${managedApartmentsSql(ctx.actor)}
       order by d.name, a.name`),
  );
  const apartmentsOut = rows.map((r) => {
    const beds = Number(r.beds);
    const occupied = Number(r.occupied);
    const offered = Number(r.offered);
    return {
      apartmentId: r.id,
      name: r.name,
      districtName: r.district_name,
      active: r.active,
      beds,
      occupied,
      offered,
      vacant: Math.max(0, beds - occupied - offered),
      waiting: Number(r.waiting),
    };
  });
  const districts = new Map<string, HousingFigures['districts'][number]>();
  rows.forEach((r, i) => {
    const a = apartmentsOut[i]!;
    const d = districts.get(r.district_id) ?? {
      districtId: r.district_id,
      districtName: r.district_name,
      apartments: 0,
      beds: 0,
      occupied: 0,
      offered: 0,
      vacant: 0,
      waiting: 0,
    };
    d.apartments += 1;
    d.beds += a.beds;
    d.occupied += a.occupied;
    d.offered += a.offered;
    d.vacant += a.vacant;
    d.waiting += a.waiting;
    districts.set(r.district_id, d);
  });
  return { date: today, apartments: apartmentsOut, districts: [...districts.values()] };
}
