import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { PASS_EXPIRING_NOTICE_DAYS, type PassNoticeKind } from '@nuanxin/shared/access/constants';
import type { Db } from '../db/client.js';
import { communities, notificationOutbox, notifications, passes } from '../db/schema/index.js';
import type { ServiceContext } from '../platform/context.js';

// What a rider is told about its passes: approved, rejected (with the reason), revoked, about to
// expire. The inbox row, and the outbox row where the rider agreed to that subscribe message when
// applying (passes.subscriptions), are written in the caller's transaction: a notice exists
// exactly when the decision does. The worker (worker.ts) sends the outbox later.

/** The 暖新码 page of the mini-program's access subpackage (miniapp/src/routes.ts, access). */
export const PASS_PAGE = 'packages/access/index';

const TITLES: Record<PassNoticeKind, string> = {
  pass_approved: '通行申请已通过',
  pass_rejected: '通行申请未通过',
  pass_revoked: '通行证已被撤销',
  pass_expiring: '通行证即将到期',
};
const PHRASES: Record<PassNoticeKind, string> = {
  pass_approved: '已通过',
  pass_rejected: '未通过',
  pass_revoked: '已撤销',
  pass_expiring: '即将到期',
};

/** Beijing time as WeChat's `time` fields and people want it. */
const beijing = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
/** WeChat `thing` fields take at most 20 characters. */
const thing = (s: string) => ([...s].length > 20 ? `${[...s].slice(0, 19).join('')}…` : s || '—');

function body(kind: PassNoticeKind, community: string, reason: string | null, expiresAt: Date | null): string {
  switch (kind) {
    case 'pass_approved':
      return `你申请的「${community}」通行证已通过，到门岗扫暖新码即可进门。`;
    case 'pass_rejected':
      return `你申请的「${community}」通行证未通过：${reason ?? ''}。可修改信息后重新申请。`;
    case 'pass_revoked':
      return `你在「${community}」的通行证已被撤销：${reason ?? ''}。如有疑问请联系社区。`;
    case 'pass_expiring':
      return `你在「${community}」的通行证将于 ${expiresAt ? beijing(expiresAt) : ''} 到期，到期后需重新申请。`;
  }
}

interface PassForNotice {
  id: string;
  riderId: string;
  communityName: string;
  reason: string | null;
  expiresAt: Date | null;
  subscriptions: string[];
}

async function loadPass(tx: Db, passId: string): Promise<PassForNotice | undefined> {
  const [row] = await tx
    .select({
      id: passes.id,
      riderId: passes.riderId,
      communityName: communities.name,
      reason: passes.reason,
      expiresAt: passes.expiresAt,
      subscriptions: passes.subscriptions,
    })
    .from(passes)
    .innerJoin(communities, eq(communities.id, passes.communityId))
    .where(eq(passes.id, passId));
  return row;
}

/** Inbox row (once per dedupe key when one is given) and, if the rider agreed, its outbox row. */
async function write(
  tx: Db,
  pass: PassForNotice,
  kind: PassNoticeKind,
  now: Date,
  dedupeKey: string | null,
): Promise<boolean> {
  const rows = await tx
    .insert(notifications)
    .values({
      userId: pass.riderId,
      kind,
      title: TITLES[kind],
      body: body(kind, pass.communityName, pass.reason, pass.expiresAt),
      dedupeKey,
      createdAt: now,
    })
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id });
  const row = rows[0];
  if (!row) return false;
  if (pass.subscriptions.includes(kind)) {
    await tx.insert(notificationOutbox).values({
      notificationId: row.id,
      payload: {
        kind,
        userId: pass.riderId,
        page: PASS_PAGE,
        data: {
          thing1: { value: thing(pass.communityName) },
          phrase2: { value: PHRASES[kind] },
          thing3: { value: thing(kind === 'pass_expiring' ? '到期后需重新申请' : (pass.reason ?? '')) },
          time4: { value: beijing(kind === 'pass_expiring' && pass.expiresAt ? pass.expiresAt : now) },
        },
      },
    });
  }
  return true;
}

/**
 * Tells the rider of a decision on its pass (approved, rejected, revoked), inside the decision's
 * transaction; call it after the pass row is updated (the notice reads its reason).
 */
export async function tellRiderAboutPass(
  tx: Db,
  input: { passId: string; kind: Exclude<PassNoticeKind, 'pass_expiring'>; now: Date },
): Promise<void> {
  const pass = await loadPass(tx, input.passId);
  if (pass) await write(tx, pass, input.kind, input.now, null);
}

/**
 * The periodic pass (`pass-expiry-notices` in jobs.ts): every approved pass that ends within
 * PASS_EXPIRING_NOTICE_DAYS gets one notice per end date (the dedupe key carries it, so a pass
 * extended by a new agreement is told again about its new end). Safe to repeat and to run beside
 * another runner: the unique (user, dedupe key) index lets one insert win. At most `limit` passes
 * a run, soonest end first.
 */
export async function notifyExpiringPasses(
  ctx: ServiceContext,
  input: { limit?: number } = {},
): Promise<{ passNotices: number }> {
  const now = ctx.now();
  const until = new Date(now.getTime() + PASS_EXPIRING_NOTICE_DAYS * 86_400_000);
  const due = await ctx.db
    .select({
      id: passes.id,
      riderId: passes.riderId,
      communityName: communities.name,
      reason: passes.reason,
      expiresAt: passes.expiresAt,
      subscriptions: passes.subscriptions,
    })
    .from(passes)
    .innerJoin(communities, eq(communities.id, passes.communityId))
    .where(
      and(
        eq(passes.status, 'approved'),
        gt(passes.expiresAt, now),
        lte(passes.expiresAt, until),
        sql`not exists (select 1 from ${notifications} n where n.user_id = ${passes.riderId}
              and n.dedupe_key = 'pass_expiring:' || ${passes.id}::text || ':' || floor(extract(epoch from ${passes.expiresAt}))::bigint::text)`,
      ),
    )
    .orderBy(passes.expiresAt)
    .limit(input.limit ?? 500);
  let passNotices = 0;
  for (const pass of due) {
    const key = `pass_expiring:${pass.id}:${Math.floor(pass.expiresAt!.getTime() / 1000)}`;
    const written = await ctx.db.transaction((tx) => write(tx as unknown as Db, pass, 'pass_expiring', now, key));
    if (written) passNotices++;
  }
  return { passNotices };
}
