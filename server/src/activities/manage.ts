import { eq, sql } from 'drizzle-orm';
import type { Activity, CreateActivityBody, UpdateActivityBody } from '@nuanxin/shared/activities/schemas';
import type { Db } from '../db/client.js';
import { activities, activityAttendances, activitySessions, stations } from '../db/schema/index.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import type { Acting, Principal } from '../auth/index.js';
import { organiserStation } from './stations.js';
import { recordAudit } from '../audit/index.js';
import type { ActivitiesContext } from './context.js';
import { managedActivity, organiserPlace, staffWhere } from './scope.js';
import { activityViews, publicView } from './views.js';
import { confirmedCount, lockActivity, promoteWaiting } from './signup.js';
import { beijing, tellSignedUp } from './notices.js';

interface SessionIn {
  startsAt: string;
  endsAt: string;
}

/** Sessions in time order, each ending after it starts. */
function checkSessions(sessions: SessionIn[]) {
  const list = sessions
    .map((s) => ({ startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  if (list.some((s) => s.endsAt.getTime() <= s.startsAt.getTime())) {
    throw badRequest('ACTIVITY_SESSIONS_INVALID', undefined, 'sessions');
  }
  return { list, startsAt: list[0]!.startsAt, endsAt: new Date(Math.max(...list.map((s) => s.endsAt.getTime()))) };
}

function checkWindow(opens: Date, closes: Date, endsAt: Date) {
  if (closes.getTime() <= opens.getTime() || closes.getTime() > endsAt.getTime()) {
    throw badRequest('ACTIVITY_SIGNUP_WINDOW_INVALID', undefined, 'signupClosesAt');
  }
}

/** Where: a station of the organiser's area (its position and address copied), or a position and address. */
async function resolvePlace(db: Db, actor: Principal, place: CreateActivityBody['place']) {
  if ('stationId' in place) {
    const s = await organiserStation(db, actor, place.stationId);
    if (!s) {
      const [exists] = await db.select({ id: stations.id }).from(stations).where(eq(stations.id, place.stationId));
      if (exists) throw forbidden('OUT_OF_SCOPE', '只能选择你负责范围内正常开放的驿站');
      throw badRequest('ACTIVITY_PLACE_REQUIRED', '找不到该驿站', 'stationId');
    }
    return { stationId: place.stationId, lat: s.lat, lng: s.lng, address: s.address || s.name };
  }
  const address = place.address.trim();
  if (!address) throw badRequest('ACTIVITY_PLACE_REQUIRED', undefined, 'address');
  return { stationId: null, lat: place.lat, lng: place.lng, address };
}

const auditShape = (a: {
  title: string;
  kind: string;
  capacity: number;
  startsAt: Date | string;
  sessions: number;
}) => ({
  title: a.title,
  kind: a.kind,
  capacity: a.capacity,
  startsAt: new Date(a.startsAt).toISOString(),
  sessions: a.sessions,
});

/** 发布活动: the activity and its sessions, in the organiser's own area. */
export async function createActivity(ctx: Acting<ActivitiesContext>, input: CreateActivityBody): Promise<Activity> {
  const now = ctx.now();
  const title = input.title.trim();
  if (!title) throw badRequest('VALIDATION_FAILED', '请填写活动名称', 'title');
  const { list, startsAt, endsAt } = checkSessions(input.sessions);
  if (endsAt.getTime() <= now.getTime()) throw badRequest('ACTIVITY_ENDED', undefined, 'sessions');
  const opens = input.signupOpensAt ? new Date(input.signupOpensAt) : now;
  const closes = input.signupClosesAt ? new Date(input.signupClosesAt) : startsAt;
  checkWindow(opens, closes, endsAt);
  const scope = await organiserPlace(ctx.db, ctx.actor, input);
  const place = await resolvePlace(ctx.db, ctx.actor, input.place);
  const id = await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx
      .insert(activities)
      .values({
        title,
        kind: input.kind,
        description: input.description ?? '',
        ...place,
        ...scope,
        capacity: input.capacity,
        signupOpensAt: opens,
        signupClosesAt: closes,
        audience: (input.audience ?? '').trim(),
        startsAt,
        endsAt,
        createdBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: activities.id });
    await tx.insert(activitySessions).values(list.map((s, i) => ({ activityId: row!.id, seq: i + 1, ...s })));
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: 'activity.create',
      target: { kind: 'activity', id: row!.id },
      place: scope,
      after: auditShape({ title, kind: input.kind, capacity: input.capacity, startsAt, sessions: list.length }),
    });
    return row!.id;
  });
  return publicView(await managedActivity(ctx.db, ctx.actor, id));
}

/**
 * 修改活动. More seats move the waiting list up (with a notice); fewer than are confirmed is
 * refused. Sessions can be replaced until the first check-in.
 */
export async function updateActivity(
  ctx: Acting<ActivitiesContext>,
  input: UpdateActivityBody & { id: string },
): Promise<Activity> {
  const now = ctx.now();
  const before = await managedActivity(ctx.db, ctx.actor, input.id);
  const place = input.place ? await resolvePlace(ctx.db, ctx.actor, input.place) : null;
  const sessions = input.sessions ? checkSessions(input.sessions) : null;
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const locked = await lockActivity(tx, input.id);
    if (!locked) throw notFound();
    if (locked.cancelledAt) throw conflict('ACTIVITY_CANCELLED');
    const startsAt = sessions?.startsAt ?? locked.startsAt;
    const endsAt = sessions?.endsAt ?? locked.endsAt;
    const opens =
      input.signupOpensAt !== undefined
        ? input.signupOpensAt
          ? new Date(input.signupOpensAt)
          : now
        : locked.signupOpensAt;
    const closes =
      input.signupClosesAt !== undefined
        ? input.signupClosesAt
          ? new Date(input.signupClosesAt)
          : startsAt
        : locked.signupClosesAt;
    checkWindow(opens, closes, endsAt);
    const capacity = input.capacity ?? locked.capacity;
    const confirmed = await confirmedCount(tx, input.id);
    if (capacity < confirmed) {
      throw new AppError(
        409,
        'ACTIVITY_CAPACITY_BELOW_CONFIRMED',
        `名额不能少于已报名人数（已报名 ${confirmed} 人）`,
        'capacity',
      );
    }
    if (sessions) {
      const [attended] = await tx
        .select({ id: activityAttendances.id })
        .from(activityAttendances)
        .where(eq(activityAttendances.activityId, input.id))
        .limit(1);
      if (attended) throw conflict('ACTIVITY_SESSIONS_LOCKED');
      await tx.delete(activitySessions).where(eq(activitySessions.activityId, input.id));
      await tx
        .insert(activitySessions)
        .values(sessions.list.map((s, i) => ({ activityId: input.id, seq: i + 1, ...s })));
    }
    const title = input.title?.trim() ?? locked.title;
    if (!title) throw badRequest('VALIDATION_FAILED', '请填写活动名称', 'title');
    await tx
      .update(activities)
      .set({
        title,
        kind: input.kind ?? locked.kind,
        description: input.description ?? locked.description,
        audience: input.audience?.trim() ?? locked.audience,
        capacity,
        signupOpensAt: opens,
        signupClosesAt: closes,
        startsAt,
        endsAt,
        ...(place ?? {}),
        updatedAt: now,
      })
      .where(eq(activities.id, input.id));
    if (capacity > locked.capacity) await promoteWaiting(tx, { id: input.id, title, capacity }, now);
    // Riders signed up (or waiting) are told what changed that concerns them: time, place, seats.
    const changed: string[] = [];
    if (sessions && !sameSessions(before.sessions, sessions.list)) changed.push(`时间改为 ${whenText(sessions.list)}`);
    if (place && (place.address !== locked.address || place.lat !== locked.lat || place.lng !== locked.lng)) {
      changed.push(`地点改为 ${place.address}`);
    }
    if (capacity !== locked.capacity) changed.push(`名额改为 ${capacity} 人`);
    if (changed.length > 0) {
      await tellSignedUp(tx, {
        activityId: input.id,
        kind: 'activity_changed',
        key: `activity-changed:${input.id}:${now.getTime()}`,
        title: '活动有变更',
        body: `你报名的“${title}”有变更：${changed.join('；')}。如不能参加，请及时取消报名。`,
        now,
      });
    }
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: 'activity.update',
      target: { kind: 'activity', id: input.id },
      place: { districtId: before.districtId, streetId: before.streetId, communityId: before.communityId },
      before: auditShape({ ...before, sessions: before.sessions.length }),
      after: auditShape({
        title,
        kind: input.kind ?? locked.kind,
        capacity,
        startsAt,
        sessions: sessions?.list.length ?? before.sessions.length,
      }),
    });
  });
  return publicView(await managedActivity(ctx.db, ctx.actor, input.id));
}

const sameSessions = (a: { startsAt: string; endsAt: string }[], b: { startsAt: Date; endsAt: Date }[]) =>
  a.length === b.length &&
  a.every(
    (s, i) =>
      new Date(s.startsAt).getTime() === b[i]!.startsAt.getTime() &&
      new Date(s.endsAt).getTime() === b[i]!.endsAt.getTime(),
  );

const whenText = (list: { startsAt: Date }[]) =>
  list.length > 1 ? `${beijing(list[0]!.startsAt)} 起共 ${list.length} 次` : beijing(list[0]!.startsAt);

/**
 * 取消活动: the organiser calls it off (audited); every confirmed and waiting rider is told with
 * the reason; from then on sign-up, check-in and editing are refused (409 ACTIVITY_CANCELLED).
 * Sign-ups stay as they were (the roster still shows who had signed up).
 */
export async function cancelActivity(
  ctx: Acting<ActivitiesContext>,
  input: { id: string; reason: string },
): Promise<Activity> {
  const now = ctx.now();
  const before = await managedActivity(ctx.db, ctx.actor, input.id);
  const reason = input.reason.trim();
  if (!reason) throw badRequest('VALIDATION_FAILED', '请填写取消原因', 'reason');
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const locked = await lockActivity(tx, input.id);
    if (!locked) throw notFound();
    if (locked.cancelledAt) throw conflict('ACTIVITY_CANCELLED');
    if (now.getTime() >= locked.endsAt.getTime()) throw conflict('ACTIVITY_ENDED');
    await tx
      .update(activities)
      .set({ cancelledAt: now, cancelReason: reason, updatedAt: now })
      .where(eq(activities.id, input.id));
    await tellSignedUp(tx, {
      activityId: input.id,
      kind: 'activity_cancelled',
      key: `activity-cancelled:${input.id}`,
      title: '活动已取消',
      body: `你报名的“${locked.title}”（${beijing(locked.startsAt)}）已取消：${reason}。`,
      now,
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: 'activity.cancel',
      target: { kind: 'activity', id: input.id },
      place: { districtId: before.districtId, streetId: before.streetId, communityId: before.communityId },
      before: { cancelled: false },
      after: { cancelled: true, reason },
    });
  });
  return publicView(await managedActivity(ctx.db, ctx.actor, input.id));
}

/** 活动管理: the caller's area's activities, upcoming first (past ones on request). */
export async function listManagedActivities(
  ctx: Acting<ActivitiesContext>,
  input: { past?: boolean },
): Promise<Activity[]> {
  const now = ctx.now();
  const where = input.past ? staffWhere(ctx.actor) : sql`${staffWhere(ctx.actor)} and a.ends_at > ${now}`;
  const rows = await activityViews(ctx.db, {
    where,
    riderId: null,
    order: input.past ? sql`a.starts_at desc, a.id` : sql`a.starts_at, a.id`,
  });
  return rows.map(publicView);
}
