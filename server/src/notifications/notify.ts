import type { NotificationKind } from '@nuanxin/shared/reports/constants';
import type { Db } from '../db/client.js';
import { notificationOutbox, notifications } from '../db/schema/index.js';

export interface ReporterMessage {
  userId: string;
  reportId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Subscribe-message kinds the reporter agreed to for this report. */
  subscribed: readonly string[];
  /** The template's data fields (thing1, phrase2, time3 …) as WeChat expects them. */
  templateData: Record<string, { value: string }>;
}

/**
 * Writes the inbox row and, when the rider agreed to that subscribe message, an outbox row — in
 * the caller's transaction, so a notification exists exactly when the state change does. Sending
 * happens later in the worker: a WeChat outage never blocks or loses the report.
 */
export async function notifyReporter(tx: Db, message: ReporterMessage): Promise<void> {
  const [row] = await tx
    .insert(notifications)
    .values({
      userId: message.userId,
      reportId: message.reportId,
      kind: message.kind,
      title: message.title,
      body: message.body,
    })
    .returning({ id: notifications.id });
  if (!message.subscribed.includes(message.kind)) return;
  await tx.insert(notificationOutbox).values({
    notificationId: row!.id,
    payload: { kind: message.kind, userId: message.userId, reportId: message.reportId, data: message.templateData },
  });
}

export interface Notice {
  userId: string;
  kind: string;
  /** The same (user, key) is written at most once: reruns and concurrent job runs send nothing new. */
  dedupeKey: string;
  title: string;
  body: string;
  createdAt: Date;
}

/**
 * An inbox notice a job writes (voucher expiring, points expiring). Exactly once per user and
 * dedupe key, by the unique index, whichever process gets there first. Returns whether it was new.
 */
export async function noticeOnce(db: Db, notice: Notice, message?: SubscribeMessage | null): Promise<boolean> {
  const rows = await db
    .insert(notifications)
    .values(notice)
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id });
  const row = rows[0];
  // The subscribe message goes with a new notice only (a rerun sends nothing twice); the worker
  // sends it after the commit, with the template configured for `message.kind`.
  if (row && message) {
    await db.insert(notificationOutbox).values({
      notificationId: row.id,
      payload: { kind: message.kind, userId: notice.userId, page: message.page, data: message.data },
    });
  }
  return rows.length === 1;
}

/**
 * A WeChat subscribe message to go with an inbox notice: `kind` names the template
 * (config.notifications.templates), `page` the mini-program page it opens, `data` the template's
 * fields. Only for a rider who agreed to that kind (the caller checks its stored subscriptions).
 */
export interface SubscribeMessage {
  kind: string;
  page: string;
  data: Record<string, { value: string }>;
}

/** Beijing time as WeChat's `time` fields and people want it: `2026-12-07 10:00`. */
export const wechatTime = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
/** WeChat `thing` fields take at most 20 characters; never empty. */
export const wechatThing = (s: string) => ([...s].length > 20 ? `${[...s].slice(0, 19).join('')}…` : s || '—');

export interface StaffMessage {
  userId: string;
  reportId: string;
  kind: string;
  title: string;
  body: string;
  /** Same user + key is written at most once (an overdue alert per report and deadline). */
  dedupeKey?: string;
  /** The mini-program page the subscribe message opens (a staff page, not the rider's). */
  page: string;
  templateData: Record<string, { value: string }>;
}

/**
 * A notice to a staff member about a report (a dispatch to a crew, an overdue report to the
 * street): the inbox row and a subscribe message in the outbox, in the caller's transaction.
 * Staff subscribe from their pages; a member who has not yields WeChat 43101 and the outbox row
 * goes dead at once, never blocking anything. Returns whether it was new (dedupe key).
 */
export async function notifyStaff(tx: Db, message: StaffMessage): Promise<boolean> {
  const rows = await tx
    .insert(notifications)
    .values({
      userId: message.userId,
      reportId: message.reportId,
      kind: message.kind,
      title: message.title,
      body: message.body,
      dedupeKey: message.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id });
  if (rows.length === 0) return false;
  await tx.insert(notificationOutbox).values({
    notificationId: rows[0]!.id,
    payload: {
      kind: message.kind,
      userId: message.userId,
      reportId: message.reportId,
      page: message.page,
      data: message.templateData,
    },
  });
  return true;
}
