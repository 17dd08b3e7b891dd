import { and, eq, isNull, sql } from 'drizzle-orm';
import type { TokenPair, DemoAccount } from '@nuanxin/shared/auth/schemas';
import type { Role } from '@nuanxin/shared/auth/constants';
import { ROLES, ROLE_LABELS } from '@nuanxin/shared/auth/constants';
import { PLATFORM_LABELS, type Platform } from '@nuanxin/shared/access/constants';
import { riderProfiles, users, wechatSessions } from '../db/schema/index.js';
import { AppError, notFound } from '../platform/app-error.js';
import type { AuthContext } from './context.js';
import { issueTokens } from './tokens.js';
import { loadMe } from './me.js';
import type { Db } from '../db/client.js';

/**
 * wx.login code → jscode2session → our user. A first-time openid becomes a rider; staff roles
 * come only from an invitation. The session_key is stored server-side and never returned.
 */
export async function loginWithWeChat(ctx: AuthContext, input: { code: string }): Promise<TokenPair> {
  const session = await ctx.wechat.code2Session(input.code);
  return ctx.db.transaction(async (tx) => {
    // Someone who first signed in on H5 (official account) has this unionid without an openid yet.
    if (session.unionid) {
      await tx
        .update(users)
        .set({ openid: session.openid, updatedAt: sql`now()` })
        .where(and(eq(users.unionid, session.unionid), isNull(users.openid)));
    }
    const [user] = await tx
      .insert(users)
      .values({ openid: session.openid, unionid: session.unionid ?? null, displayName: '骑手' })
      .onConflictDoUpdate({
        target: users.openid,
        set: { unionid: sql`coalesce(excluded.unionid, ${users.unionid})`, updatedAt: sql`now()` },
      })
      .returning({ id: users.id, role: users.role, status: users.status });
    if (!user) throw new Error('upsert returned no row');
    if (user.status !== 'active') throw new AppError(403, 'FORBIDDEN', '账号已被停用，请联系社区或街道');
    await tx
      .insert(wechatSessions)
      .values({ userId: user.id, sessionKey: session.sessionKey })
      .onConflictDoUpdate({
        target: wechatSessions.userId,
        set: { sessionKey: session.sessionKey, updatedAt: sql`now()` },
      });
    return issueTokens(ctx, tx as unknown as Db, user.id, user.role as Role);
  });
}

/** Seeded demo accounts, listed only in demo mode so the H5 build works without WeChat. */
export async function listDemoAccounts(ctx: AuthContext): Promise<DemoAccount[]> {
  if (!ctx.config.demoMode) throw notFound('DEMO_DISABLED');
  const { db } = ctx;
  const rows = await db.query.users.findMany({
    where: (u, { isNotNull }) => isNotNull(u.demoAccount),
    orderBy: (u, { asc }) => [asc(u.demoAccount)],
  });
  const accounts = await Promise.all(
    rows.map(async (row) => {
      const me = await loadMe(db, row.id);
      const scope =
        (me.role === 'rider' ? await riderLine(db, row.id) : '') ||
        me.scope.communities.map((c) => c.name).join('、') ||
        me.scope.street?.name ||
        me.scope.merchant?.name ||
        me.scope.district?.name ||
        me.scope.apartments?.map((x) => x.name).join('、') ||
        ROLE_LABELS[me.role];
      return { account: row.demoAccount!, role: me.role, displayName: me.displayName, scopeLabel: scope };
    }),
  );
  return accounts.sort(
    (a, b) =>
      (ROLES as readonly string[]).indexOf(a.role) - (ROLES as readonly string[]).indexOf(b.role) ||
      a.account.localeCompare(b.account),
  );
}

/**
 * What tells one demo rider from another on the login page (a rider has no scope, and the role
 * alone read 骑手 骑手): the platform and station registered, or that registration is still ahead.
 */
async function riderLine(db: Db, userId: string): Promise<string> {
  const [profile] = await db
    .select({ platform: riderProfiles.platform, stationName: riderProfiles.stationName })
    .from(riderProfiles)
    .where(eq(riderProfiles.userId, userId));
  if (!profile) return '未登记：可体验首次登记';
  return `已登记 · ${PLATFORM_LABELS[profile.platform as Platform] ?? profile.platform} · ${profile.stationName}`;
}

/** Signs in as a seeded demo account (demo mode only): the H5 build's way in without WeChat. */
export async function loginAsDemo(ctx: AuthContext, input: { account: string }): Promise<TokenPair> {
  if (!ctx.config.demoMode) throw notFound('DEMO_DISABLED');
  const user = await ctx.db.query.users.findFirst({ where: eq(users.demoAccount, input.account) });
  if (!user) throw notFound('DEMO_ACCOUNT_UNKNOWN');
  if (user.status !== 'active') throw new AppError(403, 'FORBIDDEN', '账号已被停用，请联系社区或街道');
  return issueTokens(ctx, ctx.db, user.id, user.role as Role);
}
