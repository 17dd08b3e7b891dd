import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { activities, activityAttendances, activitySessions, activitySignups } from '../db/schema/index.js';
import { lockActivity, promoteWaiting } from './signup.js';

/** 导出我的数据: the rider's sign-ups and check-ins (activities.json). */
export async function riderActivityData(db: Db, riderId: string) {
  const signups = await db
    .select({ s: activitySignups, title: activities.title, kind: activities.kind, startsAt: activities.startsAt })
    .from(activitySignups)
    .innerJoin(activities, eq(activities.id, activitySignups.activityId))
    .where(eq(activitySignups.riderId, riderId))
    .orderBy(asc(activitySignups.createdAt));
  const attendances = await db
    .select({ a: activityAttendances, title: activities.title, seq: activitySessions.seq })
    .from(activityAttendances)
    .innerJoin(activities, eq(activities.id, activityAttendances.activityId))
    .innerJoin(activitySessions, eq(activitySessions.id, activityAttendances.sessionId))
    .where(eq(activityAttendances.riderId, riderId))
    .orderBy(asc(activityAttendances.checkedInAt));
  return {
    signups: signups.map(({ s, title, kind, startsAt }) => ({
      activity: title,
      kind,
      startsAt: startsAt.toISOString(),
      status: s.status,
      signedUpAt: s.createdAt.toISOString(),
    })),
    checkins: attendances.map(({ a, title, seq }) => ({
      activity: title,
      session: seq,
      at: a.checkedInAt.toISOString(),
      method: a.method,
      points: a.points,
    })),
  };
}

/**
 * 注销账号, inside the privacy job's transaction: a seat the rider held goes to the waiting list
 * (with its notice), then the sign-ups and check-ins are erased. The points already credited stay
 * in the ledger, forfeited with the balance.
 */
export async function eraseRiderActivities(tx: Db, riderId: string, now: Date): Promise<number> {
  const held = await tx
    .select({ activityId: activitySignups.activityId })
    .from(activitySignups)
    .innerJoin(activities, eq(activities.id, activitySignups.activityId))
    .where(and(eq(activitySignups.riderId, riderId), eq(activitySignups.status, 'confirmed')));
  const ids = held.map((h) => h.activityId).sort();
  for (const id of ids) await lockActivity(tx, id);
  const removed = await tx
    .delete(activitySignups)
    .where(eq(activitySignups.riderId, riderId))
    .returning({ id: activitySignups.id });
  await tx.delete(activityAttendances).where(eq(activityAttendances.riderId, riderId));
  if (ids.length > 0) {
    const rows = await tx.select().from(activities).where(inArray(activities.id, ids));
    for (const a of rows) if (a.endsAt.getTime() > now.getTime()) await promoteWaiting(tx, a, now);
  }
  return removed.length;
}
