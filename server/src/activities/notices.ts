import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.js';
import { activitySignups, notificationOutbox, notifications } from '../db/schema/index.js';
import { noticeOnce } from '../notifications/index.js';
import type { ActivitiesContext } from './context.js';

// What riders are told about an activity besides a promotion from the waiting list (signup.ts):
// the reminder before each session (the periodic job `activity-reminders`), a change of time,
// place or seats, and a cancellation. Inbox rows always; the reminder also as the subscribe
// message the rider agreed to when signing up (activity_signups.subscriptions).

/** The activity's page in the mini-program's community subpackage (miniapp/src/routes.ts). */
export const activityPage = (id: string) => `packages/community/activity/index?id=${id}`;

/** Beijing time as WeChat's `time` fields and people want it. */
export const beijing = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
/** WeChat `thing` fields take at most 20 characters. */
const thing = (s: string) => ([...s].length > 20 ? `${[...s].slice(0, 19).join('')}…` : s || '—');

/** The dedupe key of a rider's reminder of a session: one per rider and session, ever. */
export const reminderKey = (sessionId: string) => `activity_reminder:${sessionId}`;

interface DueReminder {
  session_id: string;
  seq: number;
  starts_at: Date | string;
  activity_id: string;
  title: string;
  address: string;
  sessions: number | string;
  rider_id: string;
  subscriptions: string[] | string | null;
}

/**
 * The periodic pass (`activity-reminders` in jobs.ts): every confirmed rider of a session that
 * starts within the lead time (and has not started) is reminded once. "Once" is the notifications'
 * unique (user, dedupe key) index with the key `activity_reminder:<session>`: a second run, or a
 * run beside another replica, finds the row and writes nothing — no inbox row, no message. Safe to
 * repeat; at most `limit` reminders a run, soonest session first.
 */
export async function remindUpcomingSessions(
  ctx: ActivitiesContext,
  input: { limit?: number } = {},
): Promise<{ activityReminders: number }> {
  const now = ctx.now();
  const until = new Date(now.getTime() + ctx.reminderLeadMinutes * 60_000);
  const due = rowsOf<DueReminder>(
    await ctx.db.execute(sql`
      select s.id as session_id, s.seq, s.starts_at, a.id as activity_id, a.title, a.address,
             (select count(*) from activity_sessions x where x.activity_id = a.id) as sessions,
             su.rider_id, su.subscriptions
        from activity_sessions s
        join activities a on a.id = s.activity_id and a.cancelled_at is null
        join activity_signups su on su.activity_id = a.id and su.status = 'confirmed'
       where s.starts_at > ${now} and s.starts_at <= ${until}
         and not exists (select 1 from notifications n
                          where n.user_id = su.rider_id and n.dedupe_key = 'activity_reminder:' || s.id::text)
       order by s.starts_at, su.seq
       limit ${input.limit ?? 1000}`),
  );
  let activityReminders = 0;
  for (const r of due) {
    const startsAt = new Date(r.starts_at);
    const subs = typeof r.subscriptions === 'string' ? parseArray(r.subscriptions) : (r.subscriptions ?? []);
    const which = Number(r.sessions) > 1 ? `第 ${r.seq} 次课` : '活动';
    const written = await ctx.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const rows = await tx
        .insert(notifications)
        .values({
          userId: r.rider_id,
          kind: 'activity_reminder',
          title: '活动即将开始',
          body: `你报名的“${r.title}”${which}将于 ${beijing(startsAt)} 开始，地点：${r.address}。如不能参加，请及时取消报名。`,
          dedupeKey: reminderKey(r.session_id),
          createdAt: now,
        })
        .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
        .returning({ id: notifications.id });
      const row = rows[0];
      if (!row) return false;
      if (subs.includes('activity_reminder')) {
        await tx.insert(notificationOutbox).values({
          notificationId: row.id,
          payload: {
            kind: 'activity_reminder',
            userId: r.rider_id,
            page: activityPage(r.activity_id),
            data: {
              thing1: { value: thing(r.title) },
              time2: { value: beijing(startsAt) },
              thing3: { value: thing(r.address) },
            },
          },
        });
      }
      return true;
    });
    if (written) activityReminders++;
  }
  return { activityReminders };
}

/** A PostgreSQL array literal as node-postgres may hand it back for text[] ('{a,b}'). */
function parseArray(s: string): string[] {
  const inner = s.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map((x) => x.replace(/^"|"$/g, '')) : [];
}

/**
 * Tells every rider holding a seat or waiting (inbox, once per rider and key), in the caller's
 * transaction: a notice exists exactly when the change committed.
 */
export async function tellSignedUp(
  tx: Db,
  input: { activityId: string; kind: string; key: string; title: string; body: string; now: Date },
): Promise<number> {
  const riders = await tx
    .select({ riderId: activitySignups.riderId })
    .from(activitySignups)
    .where(
      and(eq(activitySignups.activityId, input.activityId), inArray(activitySignups.status, ['confirmed', 'waiting'])),
    );
  let told = 0;
  for (const r of riders) {
    const written = await noticeOnce(tx, {
      userId: r.riderId,
      kind: input.kind,
      dedupeKey: input.key,
      title: input.title,
      body: input.body,
      createdAt: input.now,
    });
    if (written) told++;
  }
  return told;
}
