import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { NotificationList } from '@nuanxin/shared/reports/schemas';
import type { Principal } from '../auth/principal.js';
import type { Db } from '../db/client.js';
import { notifications } from '../db/schema/index.js';
import { notFound } from '../platform/app-error.js';

export async function listInbox(db: Db, principal: Principal): Promise<NotificationList> {
  const rows = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, principal.userId))
    .orderBy(desc(notifications.createdAt))
    .limit(100);
  const [unread] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, principal.userId), isNull(notifications.readAt)));
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
export async function markRead(db: Db, principal: Principal, id: string): Promise<void> {
  const [row] = await db
    .select({ readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, principal.userId)));
  if (!row) throw notFound();
  if (row.readAt) return;
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), isNull(notifications.readAt)));
}

/** 全部已读: every unread notification of the caller, in one statement. Returns how many changed. */
export async function markAllRead(db: Db, principal: Principal): Promise<{ marked: number }> {
  const updated = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, principal.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: updated.length };
}
