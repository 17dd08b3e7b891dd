import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { CalendarDay, CalendarYear, SetCalendarDayBody } from '@nuanxin/shared/calendar/schemas';
import { recordAudit } from '../audit/index.js';
import type { Acting } from '../auth/index.js';
import type { Db } from '../db/client.js';
import { calendarDays } from '../db/schema/index.js';
import { badRequest, forbidden, notFound } from '../platform/app-error.js';
import type { ServiceContext } from '../platform/context.js';

type Row = typeof calendarDays.$inferSelect;

const toDay = (r: Row): CalendarDay => ({
  date: r.day,
  kind: r.kind as CalendarDay['kind'],
  name: r.name,
  updatedAt: r.updatedAt ? r.updatedAt.toISOString() : null,
});

/** A real date (the pattern lets 2026-02-30 through). */
function assertRealDate(date: string): void {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date)
    throw badRequest('VALIDATION_FAILED', '日期不存在', 'date');
}

/** The national calendar is kept by district admins (any district: the schedule is the State Council's). */
function assertKeeper(ctx: Acting<ServiceContext>): void {
  if (ctx.actor.role !== 'district_admin' || ctx.actor.districtIds.length === 0) throw forbidden('OUT_OF_SCOPE');
}

/** A year's holidays and make-up working days, by date. */
export async function listYear(ctx: Acting<ServiceContext>, input: { year: number }): Promise<CalendarYear> {
  const rows = await ctx.db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.day, `${input.year}-01-01`), lte(calendarDays.day, `${input.year}-12-31`)))
    .orderBy(asc(calendarDays.day));
  return { year: input.year, entered: rows.length > 0, days: rows.map(toDay) };
}

/**
 * Marks a date as a day off (`off`) or a make-up working day (`work`), or corrects it. A day off
 * on a weekend, or a working day Monday–Friday, changes nothing and is refused.
 */
export async function setDay(
  ctx: Acting<ServiceContext>,
  input: SetCalendarDayBody & { date: string },
): Promise<CalendarDay> {
  assertKeeper(ctx);
  assertRealDate(input.date);
  const name = input.name.trim();
  if (!name) throw badRequest('VALIDATION_FAILED', '请填写节日名称', 'name');
  const weekday = new Date(`${input.date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  if (input.kind === 'work' && !weekend) throw badRequest('CALENDAR_WORKDAY_ON_WEEKDAY', undefined, 'kind');
  const now = ctx.now();
  return ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.day, input.date)).for('update');
    const values = { kind: input.kind, name, updatedBy: ctx.actor.userId, updatedAt: now };
    const [row] = await tx
      .insert(calendarDays)
      .values({ day: input.date, ...values })
      .onConflictDoUpdate({ target: calendarDays.day, set: values })
      .returning();
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: before ? 'calendar.update' : 'calendar.add',
      target: { kind: 'calendar_day', id: input.date },
      place: { districtId: ctx.actor.districtIds[0] ?? null },
      before: before ? { kind: before.kind, name: before.name } : null,
      after: { kind: input.kind, name },
    });
    return toDay(row!);
  });
}

/** Removes a date from the calendar: it follows the week again. */
export async function removeDay(ctx: Acting<ServiceContext>, input: { date: string }): Promise<void> {
  assertKeeper(ctx);
  assertRealDate(input.date);
  const now = ctx.now();
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [before] = await tx.delete(calendarDays).where(eq(calendarDays.day, input.date)).returning();
    if (!before) throw notFound('CALENDAR_DAY_NOT_FOUND');
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: 'calendar.remove',
      target: { kind: 'calendar_day', id: input.date },
      place: { districtId: ctx.actor.districtIds[0] ?? null },
      before: { kind: before.kind, name: before.name },
    });
  });
}
