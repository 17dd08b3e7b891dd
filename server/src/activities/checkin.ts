import { and, eq, gt, lte } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { ActivityCode, CheckinResult } from '@nuanxin/shared/activities/schemas';
import { CHECKIN_MARGIN_MINUTES } from '@nuanxin/shared/activities/constants';
import type { Db } from '../db/client.js';
import { activities, activityAttendances, activitySessions, activitySignups, users } from '../db/schema/index.js';
import { badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { creditForEvent } from '../points/index.js';
import { verifyRiderCode } from '../access/index.js';
import type { ActivitiesContext } from './context.js';
import {
  activityDigitsOf,
  isActivityToken,
  issueActivityCode,
  matchActivityDigits,
  verifyActivityCode,
} from './codes.js';
import { managedActivity } from './scope.js';

const MARGIN = CHECKIN_MARGIN_MINUTES * 60 * 1000;

async function sessionWithActivity(db: Db, sessionId: string) {
  const [row] = await db
    .select({ session: activitySessions, activity: activities })
    .from(activitySessions)
    .innerJoin(activities, eq(activities.id, activitySessions.activityId))
    .where(eq(activitySessions.id, sessionId));
  return row;
}

const checkinOpen = (s: { startsAt: Date; endsAt: Date }, now: Date) =>
  now.getTime() >= s.startsAt.getTime() - MARGIN && now.getTime() <= s.endsAt.getTime() + MARGIN;

interface CheckinInput {
  sessionId: string;
  riderId: string;
  method: 'activity_code' | 'rider_code';
  /** The organiser who entered the rider's code (audited), or null for the rider's own. */
  staff: Acting<ActivitiesContext>['actor'] | null;
}

/**
 * One check-in, in one transaction: the attendance row (unique per rider and session: a second
 * check-in, even at the same moment, finds the first) and the points for it through the ledger
 * (creditForEvent, keyed on the attendance row, within the rule's daily and monthly caps).
 */
async function checkIn(ctx: ActivitiesContext, input: CheckinInput): Promise<CheckinResult> {
  const now = ctx.now();
  return ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const found = await sessionWithActivity(tx, input.sessionId);
    if (!found) throw notFound();
    const { session, activity } = found;
    if (activity.cancelledAt) throw conflict('ACTIVITY_CANCELLED');
    if (!checkinOpen(session, now)) throw badRequest('CHECKIN_NOT_OPEN', undefined, 'code');
    const [signup] = await tx
      .select({ status: activitySignups.status })
      .from(activitySignups)
      .where(and(eq(activitySignups.activityId, activity.id), eq(activitySignups.riderId, input.riderId)));
    if (signup?.status !== 'confirmed') {
      throw forbidden(
        'CHECKIN_NOT_CONFIRMED',
        input.staff ? undefined : '你没有报名成功这个活动（候补或未报名），不能签到',
      );
    }
    const [rider] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, input.riderId));
    const inserted = await tx
      .insert(activityAttendances)
      .values({
        sessionId: session.id,
        activityId: activity.id,
        riderId: input.riderId,
        method: input.method,
        checkedInBy: input.staff?.userId ?? null,
        checkedInAt: now,
      })
      .onConflictDoNothing({ target: [activityAttendances.sessionId, activityAttendances.riderId] })
      .returning({ id: activityAttendances.id });
    const base = {
      activityId: activity.id,
      title: activity.title,
      sessionSeq: session.seq,
      riderName: rider?.name ?? '',
    };
    if (inserted.length === 0) return { ...base, firstTime: false, points: 0 };
    const attendanceId = inserted[0]!.id;
    const outcome = await creditForEvent(
      tx,
      {
        rule: 'activity_attended',
        sourceType: 'activity_session',
        sourceId: attendanceId,
        riderId: input.riderId,
        districtId: activity.districtId,
        note: activity.title,
      },
      { expiryDays: ctx.pointsExpiryDays, now },
    );
    const points = outcome.transfer && outcome.status === 'credited' ? outcome.transfer.amount : 0;
    if (points > 0) {
      await tx.update(activityAttendances).set({ points }).where(eq(activityAttendances.id, attendanceId));
    }
    if (input.staff) {
      await recordAudit(tx, {
        actor: input.staff,
        at: now,
        action: 'activity.checkin',
        target: { kind: 'activity_session', id: session.id },
        place: { districtId: activity.districtId, streetId: activity.streetId, communityId: activity.communityId },
        after: { riderId: input.riderId, sessionSeq: session.seq, points },
      });
    }
    return { ...base, firstTime: true, points };
  });
}

/**
 * 签到 by the rider: the activity's QR text, or its six digits typed (matched against the sessions
 * open for check-in now of the activities the rider holds a seat in).
 */
export async function riderCheckIn(ctx: Acting<ActivitiesContext>, input: { code: string }): Promise<CheckinResult> {
  const now = ctx.now();
  const riderId = ctx.actor.userId;
  let sessionId: string | null = null;
  if (isActivityToken(input.code)) {
    sessionId = verifyActivityCode(ctx.access, input.code, now).sessionId;
  } else {
    const digits = activityDigitsOf(input.code);
    if (!digits) throw badRequest('ACTIVITY_CODE_INVALID', undefined, 'code');
    const open = await ctx.db
      .select({ id: activitySessions.id })
      .from(activitySessions)
      .innerJoin(
        activitySignups,
        and(eq(activitySignups.activityId, activitySessions.activityId), eq(activitySignups.riderId, riderId)),
      )
      .where(
        and(
          eq(activitySignups.status, 'confirmed'),
          lte(activitySessions.startsAt, new Date(now.getTime() + MARGIN)),
          gt(activitySessions.endsAt, new Date(now.getTime() - MARGIN)),
        ),
      );
    sessionId = matchActivityDigits(
      ctx.access,
      digits,
      open.map((s) => s.id),
      now,
    );
    if (!sessionId) throw badRequest('ACTIVITY_CODE_INVALID', undefined, 'code');
  }
  return checkIn(ctx, { sessionId, riderId, method: 'activity_code', staff: null });
}

/** 核验骑手码: the organiser enters the rider's own 暖新码 (the access job's rotating rider code). */
export async function staffCheckIn(
  ctx: Acting<ActivitiesContext>,
  input: { id: string; code: string },
): Promise<CheckinResult> {
  const found = await sessionWithActivity(ctx.db, input.id);
  if (!found) throw notFound();
  await managedActivity(ctx.db, ctx.actor, found.activity.id);
  const { userId } = verifyRiderCode(ctx.access, input.code, ctx.now());
  return checkIn(ctx, { sessionId: input.id, riderId: userId, method: 'rider_code', staff: ctx.actor });
}

/** 签到码: the session's rotating code, as a QR and six digits; the page asks again as it turns. */
export async function sessionCode(ctx: Acting<ActivitiesContext>, input: { id: string }): Promise<ActivityCode> {
  const found = await sessionWithActivity(ctx.db, input.id);
  if (!found) throw notFound();
  await managedActivity(ctx.db, ctx.actor, found.activity.id);
  const now = ctx.now();
  const { code, digits, expiresAt } = issueActivityCode(ctx.access, input.id, now);
  const qrDataUrl = await QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  return {
    sessionId: input.id,
    code,
    digits,
    qrDataUrl,
    expiresAt: expiresAt.toISOString(),
    refreshInSeconds: Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000)),
  };
}
