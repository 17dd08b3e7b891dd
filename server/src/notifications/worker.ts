import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
import { notificationOutbox, users } from '../db/schema/index.js';
import { WeChatApiError } from '../platform/wechat.js';
import type { NotificationsContext } from './context.js';

/** WeChat errcodes no retry can fix: the user has no subscription left, or the template/openid is wrong. */
const PERMANENT = new Set([43101, 40003, 40037, 47003, 43107]);
const LEASE_MS = 60_000;

interface Claimed {
  id: string;
  attempts: number;
  /** `page`: the mini-program page the message opens (staff and pass notices); default the report's page. */
  payload: { kind: string; userId: string; reportId?: string; page?: string; data: Record<string, { value: string }> };
}

/**
 * One pass of the delivery pipeline: claim due rows with a lease (`FOR UPDATE SKIP LOCKED`, so
 * replicas share the work), send each outside any transaction (PGlite has one connection; HTTP
 * inside a transaction would also hold row locks for seconds), then record the outcome. Failures
 * back off exponentially and give up after `maxAttempts`; the report is never touched.
 */
export async function deliverDue(
  ctx: NotificationsContext,
  input: { limit?: number } = {},
): Promise<{ sent: number; failed: number; dead: number }> {
  const limit = input.limit ?? 20;
  const now = ctx.now();
  const claimed = rowsOf<Claimed>(
    await ctx.db.execute(sql`
      update ${notificationOutbox} set locked_until = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
      where id in (
        select id from ${notificationOutbox}
        where state = 'pending' and next_attempt_at <= ${now} and (locked_until is null or locked_until < ${now})
        order by next_attempt_at limit ${limit} for update skip locked)
      returning id, attempts, payload`),
  );
  const result = { sent: 0, failed: 0, dead: 0 };
  for (const row of claimed) {
    const outcome = await sendOne(ctx, row);
    const attempts = Number(row.attempts);
    if (outcome.ok) {
      await ctx.db
        .update(notificationOutbox)
        .set({ state: 'sent', sentAt: ctx.now(), lockedUntil: null, lastError: null })
        .where(eq(notificationOutbox.id, row.id));
      result.sent++;
    } else if (outcome.permanent || attempts >= ctx.config.maxAttempts) {
      await ctx.db
        .update(notificationOutbox)
        .set({ state: 'dead', lockedUntil: null, lastError: outcome.error })
        .where(eq(notificationOutbox.id, row.id));
      result.dead++;
    } else {
      const delay = Math.min(ctx.config.backoffMs * 2 ** (attempts - 1), 3600_000);
      await ctx.db
        .update(notificationOutbox)
        .set({ nextAttemptAt: new Date(ctx.now().getTime() + delay), lockedUntil: null, lastError: outcome.error })
        .where(eq(notificationOutbox.id, row.id));
      result.failed++;
    }
  }
  return result;
}

async function sendOne(
  ctx: NotificationsContext,
  row: Claimed,
): Promise<{ ok: true } | { ok: false; permanent: boolean; error: string }> {
  const templateId = ctx.config.templates[row.payload.kind as keyof NotificationsContext['config']['templates']];
  if (!templateId) return { ok: false, permanent: true, error: 'no template configured' };
  const [user] = await ctx.db.select({ openid: users.openid }).from(users).where(eq(users.id, row.payload.userId));
  // Open311 partner accounts have no WeChat identity (their openid is a marker, see open311/submit.ts).
  if (!user?.openid || user.openid.startsWith('open311:')) return { ok: false, permanent: true, error: 'no openid' };
  try {
    await ctx.wechat.sendSubscribeMessage({
      touser: user.openid,
      templateId,
      // The report's page in the mini-program's reports subpackage (miniapp/src/routes.ts, reportDetail).
      page: row.payload.page ?? `packages/reports/detail/index?id=${row.payload.reportId}`,
      data: row.payload.data,
      miniprogramState: ctx.config.miniprogramState,
    });
    return { ok: true };
  } catch (err) {
    if (err instanceof WeChatApiError)
      return { ok: false, permanent: PERMANENT.has(err.errcode), error: `${err.errcode} ${err.message}` };
    return { ok: false, permanent: false, error: (err as Error).message || 'network error' };
  }
}

/** The loop server.ts starts (tests call deliverDue directly). Returns a stop function. */
export function startOutboxWorker(
  ctx: NotificationsContext,
  log: { warn: (obj: object, msg: string) => void },
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => deliverDue(ctx).catch((err) => log.warn({ err }, 'notification outbox pass failed')));
  }, ctx.config.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
