import { sql } from 'drizzle-orm';
import type { Activity, ActivityQuery } from '@nuanxin/shared/activities/schemas';
import { badRequest, notFound } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { ActivitiesContext } from './context.js';
import { activityViews, publicView } from './views.js';

const DAY = 24 * 3600 * 1000;
const BEIJING = 8 * 3600 * 1000;

/** Next Monday 00:00 in Beijing time: the end of "this week". */
export function endOfWeek(now: Date): Date {
  const local = new Date(now.getTime() + BEIJING);
  const monday = (local.getUTCDay() + 6) % 7; // Monday = 0
  const startOfDay = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return new Date(startOfDay + (7 - monday) * DAY - BEIJING);
}

/** 活动列表: what is still to come (or on now), by kind, this week, near a point. */
export async function listActivities(ctx: Acting<ActivitiesContext>, input: ActivityQuery): Promise<Activity[]> {
  const now = ctx.now();
  if ((input.lat == null) !== (input.lng == null)) throw badRequest('VALIDATION_FAILED', '请同时提供纬度和经度', 'lat');
  const from = input.lat != null && input.lng != null ? { lat: input.lat, lng: input.lng } : null;
  const parts = [sql`a.ends_at > ${now}`, sql`a.cancelled_at is null`];
  if (input.kind) parts.push(sql`a.kind = ${input.kind}`);
  if (input.thisWeek) {
    parts.push(sql`exists (select 1 from activity_sessions ws where ws.activity_id = a.id
                           and ws.ends_at > ${now} and ws.starts_at < ${endOfWeek(now)})`);
  }
  if (from && input.radiusM) {
    parts.push(sql`earth_distance(ll_to_earth(a.lat, a.lng), ll_to_earth(${from.lat}::float8, ${from.lng}::float8))
                   <= ${input.radiusM}`);
  }
  const rows = await activityViews(ctx.db, {
    where: sql.join(parts, sql` and `),
    riderId: ctx.actor.userId,
    from,
    order: from && input.radiusM ? sql`distance_m, a.starts_at` : sql`a.starts_at, a.id`,
  });
  return rows.map(publicView);
}

/** 活动详情, with the rider's own sign-up and place on the waiting list. */
export async function activityDetail(ctx: Acting<ActivitiesContext>, input: { id: string }): Promise<Activity> {
  const [a] = await activityViews(ctx.db, { where: sql`a.id = ${input.id}::uuid`, riderId: ctx.actor.userId });
  if (!a) throw notFound();
  return publicView(a);
}

/** 我的活动: every activity the rider signed up for (not cancelled), soonest first, then the past. */
export async function myActivities(ctx: Acting<ActivitiesContext>): Promise<Activity[]> {
  const now = ctx.now();
  const rows = await activityViews(ctx.db, {
    where: sql`m.status in ('confirmed', 'waiting')`,
    riderId: ctx.actor.userId,
    order: sql`(a.ends_at <= ${now}), a.starts_at, a.id`,
  });
  return rows.map(publicView);
}
