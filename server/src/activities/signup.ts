import { and, asc, eq, sql } from 'drizzle-orm';
import type { MySignup } from '@nuanxin/shared/activities/schemas';
import { rowsOf, type Db } from '../db/client.js';
import { activities, activitySignups } from '../db/schema/index.js';
import { badRequest, conflict, notFound } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import { noticeOnce } from '../notifications/index.js';
import type { ActivitiesContext } from './context.js';

/**
 * The activity's row, locked until the transaction ends. Every change of seats (sign-up, cancel,
 * more capacity) takes it first, so counting the confirmed and taking a seat is one step: the last
 * seat goes to exactly one rider however many ask at once, and arrival order (`seq`) is the order
 * the lock was granted.
 */
export async function lockActivity(tx: Db, id: string) {
  const [row] = await tx.select().from(activities).where(eq(activities.id, id)).for('update');
  return row;
}

export async function confirmedCount(tx: Db, activityId: string): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(
    await tx.execute(sql`select count(*) as n from activity_signups
                         where activity_id = ${activityId}::uuid and status = 'confirmed'`),
  );
  return Number(row?.n ?? 0);
}

/**
 * Moves the waiting list up into free seats, in arrival order, each rider told in the inbox.
 * Call with the activity locked (lockActivity) in the same transaction.
 */
export async function promoteWaiting(
  tx: Db,
  activity: { id: string; title: string; capacity: number },
  now: Date,
): Promise<number> {
  const free = activity.capacity - (await confirmedCount(tx, activity.id));
  if (free <= 0) return 0;
  const next = await tx
    .select({ id: activitySignups.id, riderId: activitySignups.riderId, seq: activitySignups.seq })
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, activity.id), eq(activitySignups.status, 'waiting')))
    .orderBy(asc(activitySignups.seq))
    .limit(free);
  for (const s of next) {
    await tx.update(activitySignups).set({ status: 'confirmed', updatedAt: now }).where(eq(activitySignups.id, s.id));
    await noticeOnce(tx, {
      userId: s.riderId,
      kind: 'activity_promoted',
      dedupeKey: `activity-promoted:${s.id}:${s.seq}`,
      title: '候补成功',
      body: `你候补的活动“${activity.title}”有了空位，已为你报名成功。如不能参加，请及时取消。`,
      createdAt: now,
    });
  }
  return next.length;
}

/**
 * 报名: a seat while there is one, else the waiting list (arrival order). Signing up again while
 * signed up changes nothing; after a cancel it is a new arrival.
 */
export async function signUp(
  ctx: Acting<ActivitiesContext>,
  input: { id: string; subscriptions?: string[] },
): Promise<MySignup> {
  const now = ctx.now();
  const riderId = ctx.actor.userId;
  return ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const a = await lockActivity(tx, input.id);
    if (!a) throw notFound();
    if (a.cancelledAt) throw conflict('ACTIVITY_CANCELLED');
    const subscriptions = [...new Set(input.subscriptions ?? [])];
    const [mine] = await tx
      .select()
      .from(activitySignups)
      .where(and(eq(activitySignups.activityId, a.id), eq(activitySignups.riderId, riderId)));
    if (mine && mine.status !== 'cancelled') return signupView(tx, mine);
    if (now.getTime() >= a.endsAt.getTime()) throw badRequest('ACTIVITY_ENDED');
    if (now.getTime() < a.signupOpensAt.getTime()) throw badRequest('SIGNUP_NOT_OPEN');
    if (now.getTime() >= a.signupClosesAt.getTime()) throw badRequest('SIGNUP_CLOSED');
    // Seats taken and the last arrival number, in one round trip (the lock is held meanwhile).
    const [queue] = rowsOf<{ confirmed: number | string; seq: number | string }>(
      await tx.execute(sql`select count(*) filter (where status = 'confirmed') as confirmed, coalesce(max(seq), 0) as seq
                             from activity_signups where activity_id = ${a.id}::uuid`),
    );
    const status = Number(queue?.confirmed ?? 0) < a.capacity ? 'confirmed' : 'waiting';
    const seq = Number(queue?.seq ?? 0) + 1;
    const [row] = mine
      ? await tx
          .update(activitySignups)
          .set({ status, seq, subscriptions, updatedAt: now })
          .where(eq(activitySignups.id, mine.id))
          .returning()
      : await tx
          .insert(activitySignups)
          .values({ activityId: a.id, riderId, status, seq, subscriptions, createdAt: now, updatedAt: now })
          .returning();
    return signupView(tx, row!);
  });
}

/** The rider's sign-up as the API shows it: sessions attended and place in the queue, one statement. */
async function signupView(tx: Db, s: { activityId: string; riderId: string; status: string; seq: number }) {
  const [v] = rowsOf<{ attended: number | string; position: number | string }>(
    await tx.execute(sql`select
        (select count(*) from activity_attendances
          where activity_id = ${s.activityId}::uuid and rider_id = ${s.riderId}::uuid) as attended,
        (select count(*) from activity_signups
          where activity_id = ${s.activityId}::uuid and status = 'waiting' and seq <= ${s.seq}) as position`),
  );
  return {
    status: s.status as MySignup['status'],
    position: s.status === 'waiting' ? Number(v?.position ?? 0) : null,
    attended: Number(v?.attended ?? 0),
  };
}

/** 取消报名: until the first session starts. A freed seat goes to the first on the waiting list. */
export async function cancelSignup(ctx: Acting<ActivitiesContext>, input: { id: string }): Promise<MySignup> {
  const now = ctx.now();
  return ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const a = await lockActivity(tx, input.id);
    if (!a) throw notFound();
    const [mine] = await tx
      .select()
      .from(activitySignups)
      .where(and(eq(activitySignups.activityId, a.id), eq(activitySignups.riderId, ctx.actor.userId)));
    if (!mine || mine.status === 'cancelled') throw conflict('NOT_SIGNED_UP');
    if (now.getTime() >= a.startsAt.getTime()) throw badRequest('CANCEL_TOO_LATE');
    const [row] = await tx
      .update(activitySignups)
      .set({ status: 'cancelled', updatedAt: now })
      .where(eq(activitySignups.id, mine.id))
      .returning();
    if (mine.status === 'confirmed') await promoteWaiting(tx, a, now);
    return signupView(tx, row!);
  });
}
