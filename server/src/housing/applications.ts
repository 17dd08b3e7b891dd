import { eq, sql, type SQL } from 'drizzle-orm';
import type {
  ApplyBody,
  MyApplication,
  MyApplicationList,
  StaffApplication,
  StaffApplicationList,
  StaffApplicationQuery,
} from '@nuanxin/shared/housing/schemas';
import type { ApplicationStatus, RoomGender } from '@nuanxin/shared/housing/constants';
import { APPLY_AHEAD_DAYS } from '@nuanxin/shared/housing/constants';
import { rowsOf, type Db } from '../db/client.js';
import { databaseError } from '../db/errors.js';
import { toDate } from '../db/prepared.js';
import { apartments, housingApplications, housingApplicationSteps, riderProfiles } from '../db/schema/index.js';
import { AppError, badRequest, conflict, notFound } from '../platform/app-error.js';
import type { Acting, Principal } from '../auth/index.js';
import type { HousingContext } from './context.js';
import { addDays, beijingDate, eligibility, maskPhone, platformLabel } from './rules.js';

interface AppRow {
  id: string;
  rider_id: string;
  apartment_id: string;
  apartment_name: string;
  apartment_address: string;
  contact_phone: string;
  from_date: string;
  months: number;
  needs: string;
  gender: RoomGender;
  status: ApplicationStatus;
  reason: string | null;
  created_at: string | Date;
  bed_id: string | null;
  bed_label: string | null;
  monthly_price: number | null;
  start_date: string | null;
  end_date: string | null;
  real_name: string | null;
  phone: string | null;
  platform: string | null;
  station_name: string | null;
  suspended_at: string | Date | null;
  display_name: string;
}

/** Applications with their apartment, current allocation and applicant, filtered by `where`. */
async function loadApplications(db: Db, where: SQL): Promise<AppRow[]> {
  return rowsOf<AppRow>(
    await db.execute(sql`
      select h.id, h.rider_id, h.apartment_id, a.name as apartment_name, a.address as apartment_address,
             a.contact_phone, h.from_date::text as from_date, h.months, h.needs, h.gender, h.status, h.reason,
             h.created_at, x.bed_id, x.bed_label, x.monthly_price, x.start_date, x.end_date,
             p.real_name, p.phone, p.platform, p.station_name, p.suspended_at, u.display_name
        from housing_applications h
        join apartments a on a.id = h.apartment_id
        join users u on u.id = h.rider_id
        left join rider_profiles p on p.user_id = h.rider_id
        left join lateral (
          select ba.bed_id, r.name || ' · ' || b.code || '床' as bed_label, b.monthly_price,
                 ba.start_date::text as start_date, ba.end_date::text as end_date
            from bed_allocations ba
            join apartment_beds b on b.id = ba.bed_id
            join apartment_rooms r on r.id = b.room_id
           where ba.application_id = h.id and ba.status in ('offered','occupied','ended')
           order by ba.created_at desc limit 1
        ) x on true
       where ${where}
       order by h.created_at desc, h.id desc
       limit 200`),
  );
}

async function stepsOf(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, MyApplication['steps']>();
  const rows = rowsOf<{ application_id: string; step: ApplicationStatus; note: string; at: string | Date }>(
    await db.execute(sql`
      select application_id, step, note, at from housing_application_steps
       where application_id = any(${`{${ids.join(',')}}`}::uuid[])
       order by at,
                array_position(array['submitted','waitlisted','offered','declined','moved_in','moved_out'], step),
                id`),
  );
  const map = new Map<string, MyApplication['steps']>();
  for (const r of rows) {
    const list = map.get(r.application_id) ?? [];
    list.push({ step: r.step, note: r.note, at: toDate(r.at).toISOString() });
    map.set(r.application_id, list);
  }
  return map;
}

function allocationOf(r: AppRow) {
  return r.bed_id
    ? {
        bedId: r.bed_id,
        bedLabel: r.bed_label ?? '',
        monthlyPrice: Number(r.monthly_price),
        startDate: r.start_date!,
        endDate: r.end_date!,
      }
    : null;
}

function mine(r: AppRow, steps: MyApplication['steps']): MyApplication {
  return {
    id: r.id,
    apartmentId: r.apartment_id,
    apartmentName: r.apartment_name,
    apartmentAddress: r.apartment_address,
    contactPhone: r.contact_phone,
    fromDate: r.from_date,
    months: Number(r.months),
    needs: r.needs,
    gender: r.gender,
    status: r.status,
    reason: r.reason,
    allocation: allocationOf(r),
    createdAt: toDate(r.created_at).toISOString(),
    steps,
  };
}

/** What an operator sees of an applicant: name, masked phone, platform and station — never more. */
function forStaff(r: AppRow, steps: MyApplication['steps']): StaffApplication {
  const e = eligibility(
    r.platform === null
      ? null
      : {
          platform: r.platform,
          stationName: r.station_name ?? '',
          suspendedAt: r.suspended_at ? toDate(r.suspended_at) : null,
        },
  );
  return {
    id: r.id,
    apartmentId: r.apartment_id,
    apartmentName: r.apartment_name,
    applicantName: r.real_name ?? r.display_name,
    phoneMasked: r.phone ? maskPhone(r.phone) : '—',
    platformLabel: r.platform ? platformLabel(r.platform) : null,
    stationName: r.station_name,
    eligible: e.eligible,
    ineligibleReason: e.reason,
    fromDate: r.from_date,
    months: Number(r.months),
    needs: r.needs,
    gender: r.gender,
    status: r.status,
    reason: r.reason,
    allocation: allocationOf(r),
    createdAt: toDate(r.created_at).toISOString(),
    steps,
  };
}

export async function applicationForStaff(db: Db, id: string): Promise<StaffApplication> {
  const [row] = await loadApplications(db, sql`h.id = ${id}::uuid`);
  if (!row) throw notFound();
  return forStaff(row, (await stepsOf(db, [row.id])).get(row.id) ?? []);
}

/**
 * A rider applies for a bed in an open apartment: from a day (today up to 180 days ahead), for
 * 1–12 months. Only a registered rider (platform and station, not suspended) may; one open
 * application per apartment.
 */
export async function applyForBed(ctx: Acting<HousingContext>, input: ApplyBody): Promise<MyApplication> {
  const now = ctx.now();
  const today = beijingDate(now);
  if (input.fromDate < today) throw badRequest('VALIDATION_FAILED', '入住日期不能早于今天', 'fromDate');
  if (input.fromDate > addDays(today, APPLY_AHEAD_DAYS)) {
    throw badRequest('VALIDATION_FAILED', `入住日期最多只能选 ${APPLY_AHEAD_DAYS} 天以内`, 'fromDate');
  }
  const [apartment] = await ctx.db.select().from(apartments).where(eq(apartments.id, input.apartmentId));
  if (!apartment) throw badRequest('VALIDATION_FAILED', '公寓不存在', 'apartmentId');
  if (!apartment.active) throw conflict('HOUSING_APARTMENT_CLOSED');
  const [profile] = await ctx.db.select().from(riderProfiles).where(eq(riderProfiles.userId, ctx.actor.userId));
  const e = eligibility(profile);
  if (!e.eligible) {
    // No registration: the standard message (go register); otherwise why, in the rider's words.
    throw new AppError(403, 'HOUSING_NOT_ELIGIBLE', profile ? e.reason.replace('该骑手', '你') : undefined);
  }
  const id = await ctx.db
    .transaction(async (tx) => {
      const [row] = await tx
        .insert(housingApplications)
        .values({
          riderId: ctx.actor.userId,
          apartmentId: apartment.id,
          fromDate: input.fromDate,
          months: input.months,
          needs: (input.needs ?? '').trim(),
          gender: input.gender,
          subscriptions: input.subscriptions ?? [],
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: housingApplications.id });
      await tx
        .insert(housingApplicationSteps)
        .values({ applicationId: row!.id, step: 'submitted', note: `申请入住「${apartment.name}」`, at: now });
      return row!.id;
    })
    .catch((err: unknown) => {
      if (databaseError(err)?.constraint === 'housing_applications_open_idx')
        throw conflict('HOUSING_APPLICATION_OPEN');
      throw err;
    });
  const [row] = await loadApplications(ctx.db, sql`h.id = ${id}::uuid`);
  return mine(row!, (await stepsOf(ctx.db, [id])).get(id) ?? []);
}

/** The rider's own applications, newest first, each with its steps. */
export async function myApplications(ctx: Acting<HousingContext>): Promise<MyApplicationList> {
  const rows = await loadApplications(ctx.db, sql`h.rider_id = ${ctx.actor.userId}::uuid`);
  const steps = await stepsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => mine(r, steps.get(r.id) ?? [])) };
}

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** The SQL filter of apartments a staff principal manages (alias `a`). */
export function managedApartmentsSql(actor: Principal): SQL {
  if (actor.role === 'apartment_operator') return sql`a.id = any(${uuidArray(actor.apartmentIds)}::uuid[])`;
  if (actor.role === 'district_admin') return sql`a.district_id = any(${uuidArray(actor.districtIds)}::uuid[])`;
  return sql`false`;
}

/** Applications to the apartments the caller manages: nobody else's applicants, phones masked. */
export async function listApplications(
  ctx: Acting<HousingContext>,
  q: StaffApplicationQuery,
): Promise<StaffApplicationList> {
  const filters = [
    managedApartmentsSql(ctx.actor),
    q.apartmentId ? sql`h.apartment_id = ${q.apartmentId}::uuid` : undefined,
    q.status ? sql`h.status = ${q.status}` : undefined,
  ].filter((f): f is SQL => f !== undefined);
  const rows = await loadApplications(ctx.db, sql.join(filters, sql` and `));
  const steps = await stepsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => forStaff(r, steps.get(r.id) ?? [])) };
}
