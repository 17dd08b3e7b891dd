import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { NotificationList } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import { notifications } from '../db/schema/index.js';
import { notFound } from '../platform/app-error.js';
import type { NotificationsContext } from './context.js';

/** The caller's latest 100 notifications, newest first, and how many are unread. */
export async function listInbox(ctx: Acting<NotificationsContext>): Promise<NotificationList> {
  const { db, actor } = ctx;
  const rows = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, actor.userId))
    .orderBy(desc(notifications.createdAt))
    .limit(100);
  const [unread] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      reportId: r.reportId,
      read: r.readAt !== null,
      createdAt: r.createdAt.toISOString(),
    })),
    unread: Number(unread?.n ?? 0),
  };
}

/**
 * Marks one of the caller's own notifications read; someone else's answers 404 (no probing).
 * Marking an already read one again keeps its first read time.
 */
export async function markRead(ctx: Acting<NotificationsContext>, input: { id: string }): Promise<void> {
  const { db, actor } = ctx;
  const { id } = input;
  const [row] = await db
    .select({ readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId)));
  if (!row) throw notFound();
  if (row.readAt) return;
  await db
    .update(notifications)
    .set({ readAt: ctx.now() })
    .where(and(eq(notifications.id, id), isNull(notifications.readAt)));
}

/** 全部已读: every unread notification of the caller, in one statement. Returns how many changed. */
export async function markAllRead(ctx: Acting<NotificationsContext>): Promise<{ marked: number }> {
  const updated = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now() })
    .where(and(eq(notifications.userId, ctx.actor.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: updated.length };
}
