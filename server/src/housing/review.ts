import { and, eq, inArray, sql } from 'drizzle-orm';
import type {
  DeclineBody,
  FreeBedList,
  HousingNoteBody,
  OfferBody,
  StaffApplication,
} from '@nuanxin/shared/housing/schemas';
import {
  APPLICATION_STATUS_LABELS,
  type ApplicationStatus,
  type HousingNoticeKind,
  type RoomGender,
} from '@nuanxin/shared/housing/constants';
import { rowsOf, type Db } from '../db/client.js';
import { databaseError } from '../db/errors.js';
import {
  apartmentBeds,
  apartmentRooms,
  apartments,
  bedAllocations,
  housingApplications,
  housingApplicationSteps,
  riderProfiles,
} from '../db/schema/index.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import { recordAudit } from '../audit/index.js';
import { noticeOnce, wechatThing, wechatTime, type SubscribeMessage } from '../notifications/index.js';
import { inScope, type Acting } from '../auth/index.js';
import { apartmentTarget, type ApartmentRow, type HousingContext } from './context.js';
import { applicationForStaff } from './applications.js';
import { addDays, addMonths, beijingDate, eligibility } from './rules.js';

type ApplicationRow = typeof housingApplications.$inferSelect;

/** Inside the caller's transaction: the application locked, its apartment, and the scope check. */
async function lockApplication(
  tx: Db,
  ctx: Acting<HousingContext>,
  id: string,
): Promise<{ app: ApplicationRow; apartment: ApartmentRow }> {
  const [app] = await tx.select().from(housingApplications).where(eq(housingApplications.id, id)).for('update');
  if (!app) throw notFound();
  const [apartment] = await tx.select().from(apartments).where(eq(apartments.id, app.apartmentId));
  if (!apartment || !inScope(ctx.actor, apartmentTarget(apartment))) throw forbidden('OUT_OF_SCOPE');
  return { app, apartment };
}

function requireStatus(app: ApplicationRow, allowed: readonly ApplicationStatus[]) {
  if (!allowed.includes(app.status as ApplicationStatus)) {
    throw conflict(
      'HOUSING_STATE',
      `该申请当前为“${APPLICATION_STATUS_LABELS[app.status as ApplicationStatus] ?? app.status}”，不能进行此操作`,
    );
  }
}

const NOTICE_TITLES: Record<HousingNoticeKind, string> = {
  housing_waitlisted: '床位申请已进入候补',
  housing_offered: '已为你分配床位',
  housing_declined: '床位申请未通过',
  housing_moved_in: '已办理入住',
  housing_moved_out: '已办理退宿',
};

/** The rider's 暖新公寓 page, where its applications are (miniapp/src/routes.ts, housing). */
export const HOUSING_PAGE = 'packages/housing/index';
const RESULT_PHRASES = { offered: '已分配床位', waitlisted: '候补中', declined: '未通过' } as const;

/**
 * The WeChat subscribe message of a step, when the rider agreed to its kind when applying
 * (housing_applications.subscriptions): the review's outcome → housing_result, move-in →
 * housing_moved_in; move-out has none (the inbox tells it).
 */
function subscribeMessage(
  app: ApplicationRow,
  apartment: ApartmentRow,
  step: Exclude<ApplicationStatus, 'submitted'>,
  note: string,
  now: Date,
): SubscribeMessage | null {
  const message: SubscribeMessage | null =
    step === 'offered' || step === 'waitlisted' || step === 'declined'
      ? {
          kind: 'housing_result',
          page: HOUSING_PAGE,
          data: {
            thing1: { value: wechatThing(apartment.name) },
            phrase2: { value: RESULT_PHRASES[step] },
            thing3: { value: wechatThing(note) },
            time4: { value: wechatTime(now) },
          },
        }
      : step === 'moved_in'
        ? {
            kind: 'housing_moved_in',
            page: HOUSING_PAGE,
            data: {
              thing1: { value: wechatThing(apartment.name) },
              thing2: { value: wechatThing(note) },
              time3: { value: wechatTime(now) },
            },
          }
        : null;
  return message && (app.subscriptions ?? []).includes(message.kind) ? message : null;
}

/** The step on the rider's timeline, its inbox notice and the audit row, in the caller's transaction. */
async function record(
  tx: Db,
  ctx: Acting<HousingContext>,
  input: {
    app: ApplicationRow;
    apartment: ApartmentRow;
    step: Exclude<ApplicationStatus, 'submitted'>;
    note: string;
    body: string;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
  },
) {
  const now = ctx.now();
  const [step] = await tx
    .insert(housingApplicationSteps)
    .values({ applicationId: input.app.id, step: input.step, note: input.note, actorId: ctx.actor.userId, at: now })
    .returning({ id: housingApplicationSteps.id });
  const kind = `housing_${input.step}` as HousingNoticeKind;
  await noticeOnce(
    tx,
    {
      userId: input.app.riderId,
      kind,
      dedupeKey: `housing:${step!.id}`,
      title: NOTICE_TITLES[kind],
      body: input.body,
      createdAt: now,
    },
    subscribeMessage(input.app, input.apartment, input.step, input.note, now),
  );
  await recordAudit(tx, {
    actor: ctx.actor,
    at: now,
    action: `housing_application.${input.step === 'waitlisted' ? 'waitlist' : input.step === 'offered' ? 'offer' : input.step === 'declined' ? 'decline' : input.step === 'moved_in' ? 'move_in' : 'move_out'}`,
    target: { kind: 'housing_application', id: input.app.id },
    place: { districtId: input.apartment.districtId, streetId: input.apartment.streetId },
    before: input.before,
    after: input.after,
  });
}

async function transact<T>(ctx: Acting<HousingContext>, work: (tx: Db) => Promise<T>, id: string) {
  await ctx.db
    .transaction((tx) => work(tx as unknown as Db))
    .catch((err: unknown) => {
      // Another offer of the same bed for overlapping dates committed first (or is committing):
      // the exclusion constraint refused this one; nothing of it was written.
      if (databaseError(err)?.code === '23P01') throw conflict('HOUSING_BED_TAKEN');
      throw err;
    });
  return applicationForStaff(ctx.db, id);
}

const genderFits = (room: RoomGender, asked: RoomGender) => room === 'any' || asked === 'any' || room === asked;

/** The stay an offer covers: the dates given, else from the day asked for, for the months asked for. */
function stayOf(app: ApplicationRow, input: { startDate?: string | undefined; endDate?: string | undefined }) {
  const start = input.startDate ?? app.fromDate;
  const end = input.endDate ?? addMonths(start, app.months);
  return { start, end };
}

/** Beds of the application's apartment free for the stay (the offer picker), fitting its gender. */
export async function freeBeds(
  ctx: Acting<HousingContext>,
  input: { id: string; startDate?: string; endDate?: string },
): Promise<FreeBedList> {
  const [app] = await ctx.db.select().from(housingApplications).where(eq(housingApplications.id, input.id));
  if (!app) throw notFound();
  const [apartment] = await ctx.db.select().from(apartments).where(eq(apartments.id, app.apartmentId));
  if (!apartment || !inScope(ctx.actor, apartmentTarget(apartment))) throw forbidden('OUT_OF_SCOPE');
  const { start, end } = stayOf(app, input);
  if (end <= start) throw badRequest('HOUSING_DATES_INVALID', undefined, 'endDate');
  const rows = rowsOf<{ id: string; label: string; gender: RoomGender; monthly_price: number }>(
    await ctx.db.execute(sql`
      select b.id, r.name || ' · ' || b.code || '床' as label, r.gender, b.monthly_price
        from apartment_beds b join apartment_rooms r on r.id = b.room_id
       where b.apartment_id = ${app.apartmentId}::uuid and b.status = 'active'
         and not exists (select 1 from bed_allocations x
                          where x.bed_id = b.id and x.status in ('offered','occupied')
                            and daterange(x.start_date, x.end_date) && daterange(${start}::date, ${end}::date))
       order by r.floor nulls last, r.name, b.code`),
  );
  return {
    startDate: start,
    endDate: end,
    items: rows
      .filter((r) => genderFits(r.gender, app.gender as RoomGender))
      .map((r) => ({ id: r.id, label: r.label, roomGender: r.gender, monthlyPrice: Number(r.monthly_price) })),
  };
}

/**
 * Offers a specific bed for [start, end) to an eligible applicant. Whatever runs at the same time,
 * the database gives a bed to one rider per day: the second of two overlapping offers is 409.
 */
export async function offerBed(
  ctx: Acting<HousingContext>,
  input: { id: string } & OfferBody,
): Promise<StaffApplication> {
  const today = beijingDate(ctx.now());
  return transact(
    ctx,
    async (tx) => {
      const { app, apartment } = await lockApplication(tx, ctx, input.id);
      requireStatus(app, ['submitted', 'waitlisted']);
      const [profile] = await tx.select().from(riderProfiles).where(eq(riderProfiles.userId, app.riderId));
      const e = eligibility(profile);
      if (!e.eligible) throw new AppError(409, 'HOUSING_NOT_ELIGIBLE', e.reason);
      const { start, end } = stayOf(app, input);
      if (start < today) throw badRequest('VALIDATION_FAILED', '起租日期不能早于今天', 'startDate');
      if (end <= start) throw badRequest('HOUSING_DATES_INVALID', undefined, 'endDate');
      if (end > addDays(start, 366)) throw badRequest('VALIDATION_FAILED', '一次最多分配 12 个月', 'endDate');
      const [bed] = await tx
        .select({ bed: apartmentBeds, room: apartmentRooms })
        .from(apartmentBeds)
        .innerJoin(apartmentRooms, eq(apartmentRooms.id, apartmentBeds.roomId))
        .where(and(eq(apartmentBeds.id, input.bedId), eq(apartmentBeds.apartmentId, app.apartmentId)));
      if (!bed) throw badRequest('VALIDATION_FAILED', '该床位不属于申请的公寓', 'bedId');
      if (bed.bed.status !== 'active') throw conflict('HOUSING_BED_CLOSED');
      if (!genderFits(bed.room.gender as RoomGender, app.gender as RoomGender))
        throw conflict('HOUSING_GENDER_MISMATCH');
      const label = `${bed.room.name} · ${bed.bed.code}床`;
      await tx.insert(bedAllocations).values({
        bedId: bed.bed.id,
        applicationId: app.id,
        startDate: start,
        endDate: end,
        status: 'offered',
        createdAt: ctx.now(),
      });
      await tx
        .update(housingApplications)
        .set({ status: 'offered', reason: null, updatedAt: ctx.now() })
        .where(eq(housingApplications.id, app.id));
      const note = `${label}，${start} 起至 ${end}，月租 ${bed.bed.monthlyPrice} 元${input.note ? `。${input.note}` : ''}`;
      await record(tx, ctx, {
        app,
        apartment,
        step: 'offered',
        note,
        body: `「${apartment.name}」已为你分配床位：${note}。请按约定日期到公寓办理入住。`,
        before: { status: app.status },
        after: { status: 'offered', bed: label, startDate: start, endDate: end },
      });
    },
    input.id,
  );
}

/** No bed now: the application waits for one (the rider is told). */
export async function waitlist(ctx: Acting<HousingContext>, input: { id: string } & HousingNoteBody) {
  return transact(
    ctx,
    async (tx) => {
      const { app, apartment } = await lockApplication(tx, ctx, input.id);
      requireStatus(app, ['submitted']);
      await tx
        .update(housingApplications)
        .set({ status: 'waitlisted', updatedAt: ctx.now() })
        .where(eq(housingApplications.id, app.id));
      const note = input.note?.trim() || '暂无合适的空床位，已为你登记候补';
      await record(tx, ctx, {
        app,
        apartment,
        step: 'waitlisted',
        note,
        body: `你在「${apartment.name}」的床位申请已进入候补：${note}。有空床位时会通知你。`,
        before: { status: app.status },
        after: { status: 'waitlisted' },
      });
    },
    input.id,
  );
}

/** Declines with a reason (an offer not yet moved into is withdrawn and its bed freed). */
export async function decline(ctx: Acting<HousingContext>, input: { id: string } & DeclineBody) {
  const reason = input.reason.trim();
  if (reason === '') throw badRequest('VALIDATION_FAILED', '请填写原因', 'reason');
  return transact(
    ctx,
    async (tx) => {
      const { app, apartment } = await lockApplication(tx, ctx, input.id);
      requireStatus(app, ['submitted', 'waitlisted', 'offered']);
      if (app.status === 'offered') {
        await tx
          .update(bedAllocations)
          .set({ status: 'cancelled' })
          .where(and(eq(bedAllocations.applicationId, app.id), inArray(bedAllocations.status, ['offered'])));
      }
      await tx
        .update(housingApplications)
        .set({ status: 'declined', reason, updatedAt: ctx.now() })
        .where(eq(housingApplications.id, app.id));
      await record(tx, ctx, {
        app,
        apartment,
        step: 'declined',
        note: reason,
        body: `你在「${apartment.name}」的床位申请未通过：${reason}。`,
        before: { status: app.status },
        after: { status: 'declined', reason },
      });
    },
    input.id,
  );
}

/**
 * The rider arrived: the offered bed is occupied. Early (before the offered start) the stay starts
 * today, if the bed is free until then (else 409 HOUSING_BED_TAKEN, by the exclusion constraint);
 * after the offered stay ended it cannot be moved into.
 */
export async function moveIn(ctx: Acting<HousingContext>, input: { id: string } & HousingNoteBody) {
  return transact(
    ctx,
    async (tx) => {
      const { app, apartment } = await lockApplication(tx, ctx, input.id);
      requireStatus(app, ['offered']);
      const now = ctx.now();
      const today = beijingDate(now);
      const [allocation] = await tx
        .select()
        .from(bedAllocations)
        .where(and(eq(bedAllocations.applicationId, app.id), eq(bedAllocations.status, 'offered')));
      if (!allocation) throw conflict('HOUSING_STATE');
      if (today >= allocation.endDate) {
        throw conflict('HOUSING_STATE', '分配的入住期已过，请不通过后让骑手重新申请，或重新分配床位');
      }
      await tx
        .update(bedAllocations)
        .set({
          status: 'occupied',
          movedInAt: now,
          ...(today < allocation.startDate ? { startDate: today } : {}),
        })
        .where(eq(bedAllocations.id, allocation.id));
      await tx
        .update(housingApplications)
        .set({ status: 'moved_in', updatedAt: now })
        .where(eq(housingApplications.id, app.id));
      const note = input.note?.trim() || `${beijingDate(now)} 已入住`;
      await record(tx, ctx, {
        app,
        apartment,
        step: 'moved_in',
        note,
        body: `欢迎入住「${apartment.name}」！${note}。`,
        before: { status: app.status },
        after: { status: 'moved_in' },
      });
    },
    input.id,
  );
}

/** The rider left: the bed is free again from today (or from the day after the stay began). */
export async function moveOut(ctx: Acting<HousingContext>, input: { id: string } & HousingNoteBody) {
  return transact(
    ctx,
    async (tx) => {
      const { app, apartment } = await lockApplication(tx, ctx, input.id);
      requireStatus(app, ['moved_in']);
      const now = ctx.now();
      const today = beijingDate(now);
      const [allocation] = await tx
        .select()
        .from(bedAllocations)
        .where(and(eq(bedAllocations.applicationId, app.id), eq(bedAllocations.status, 'occupied')));
      if (allocation) {
        const freeFrom = today > allocation.startDate ? today : addDays(allocation.startDate, 1);
        await tx
          .update(bedAllocations)
          .set({
            status: 'ended',
            movedOutAt: now,
            endDate: freeFrom < allocation.endDate ? freeFrom : allocation.endDate,
          })
          .where(eq(bedAllocations.id, allocation.id));
      }
      await tx
        .update(housingApplications)
        .set({ status: 'moved_out', updatedAt: now })
        .where(eq(housingApplications.id, app.id));
      const note = input.note?.trim() || `${today} 已退宿`;
      await record(tx, ctx, {
        app,
        apartment,
        step: 'moved_out',
        note,
        body: `你已从「${apartment.name}」退宿：${note}。感谢入住，欢迎再来。`,
        before: { status: app.status },
        after: { status: 'moved_out' },
      });
    },
    input.id,
  );
}
