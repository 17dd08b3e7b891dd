import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Role } from '@nuanxin/shared/auth/constants';
import type { TokenPair } from '@nuanxin/shared/auth/schemas';
import type { Db } from '../db/client.js';
import { loginTickets, users } from '../db/schema/index.js';
import { AppError, badRequest, notFound } from '../platform/app-error.js';
import type { AuthContext } from './context.js';
import { issueTokens, sha256 } from './tokens.js';

const TICKET_TTL_MS = 60_000;

const randomToken = () => randomBytes(32).toString('base64url');

/** A fresh `state` for one 网页授权 round trip; the caller binds it to the browser (a cookie). */
export function newLoginState(): string {
  return randomBytes(16).toString('base64url');
}

/** The 网页授权 URL to send the browser to, or WECHAT_WEB_DISABLED when it isn't configured. */
export function webLoginUrl(ctx: AuthContext, input: { callbackUrl: string; state: string }): string {
  if (!ctx.wechatWeb.enabled) throw notFound('WECHAT_WEB_DISABLED');
  return ctx.wechatWeb.authorizeUrl(input.callbackUrl, input.state);
}

/**
 * The 网页授权 callback: exchanges WeChat's code for the official-account openid and finds or
 * makes the user — by unionid first (the same person who uses the mini-program), then by that
 * openid; a first-time identity becomes a rider. Returns a one-time ticket for the page to trade
 * for tokens (exchangeLoginTicket), so no token appears in a URL.
 */
export async function finishWebLogin(ctx: AuthContext, input: { code: string }): Promise<{ ticket: string }> {
  if (!ctx.wechatWeb.enabled) throw notFound('WECHAT_WEB_DISABLED');
  const identity = await ctx.wechatWeb.exchangeCode(input.code);
  const unionid = identity.unionid ?? null;
  return ctx.db.transaction(async (tx) => {
    const match = unionid
      ? or(eq(users.oaOpenid, identity.openid), eq(users.unionid, unionid))
      : eq(users.oaOpenid, identity.openid);
    let [user] = await tx.select().from(users).where(match).orderBy(users.createdAt).limit(1).for('update');
    if (user) {
      await tx
        .update(users)
        .set({ oaOpenid: identity.openid, unionid: sql`coalesce(${unionid}, ${users.unionid})`, updatedAt: sql`now()` })
        .where(eq(users.id, user.id));
    } else {
      // Two callbacks of the same new person at once: one inserts, the other finds its row.
      await tx.insert(users).values({ oaOpenid: identity.openid, unionid, displayName: '骑手' }).onConflictDoNothing();
      [user] = await tx.select().from(users).where(match).limit(1);
    }
    if (!user) throw new Error('user neither found nor created');
    if (user.status !== 'active') throw new AppError(403, 'FORBIDDEN', '账号已被停用，请联系社区或街道');
    const ticket = randomToken();
    // Spent and stale tickets go as new ones come: the table holds about a minute of sign-ins.
    await tx.delete(loginTickets).where(lt(loginTickets.expiresAt, new Date(ctx.now().getTime() - TICKET_TTL_MS)));
    await tx.insert(loginTickets).values({
      ticketHash: sha256(ticket),
      userId: user.id,
      expiresAt: new Date(ctx.now().getTime() + TICKET_TTL_MS),
    });
    return { ticket };
  });
}

/** Trades a sign-in ticket for a token pair, once, within a minute of the callback. */
export async function exchangeLoginTicket(ctx: AuthContext, input: { ticket: string }): Promise<TokenPair> {
  return ctx.db.transaction(async (tx) => {
    const [used] = await tx
      .update(loginTickets)
      .set({ usedAt: ctx.now() })
      .where(
        and(
          eq(loginTickets.ticketHash, sha256(input.ticket)),
          isNull(loginTickets.usedAt),
          gt(loginTickets.expiresAt, ctx.now()),
        ),
      )
      .returning({ userId: loginTickets.userId });
    if (!used) throw badRequest('LOGIN_TICKET_INVALID', undefined, 'ticket');
    const [user] = await tx
      .select({ role: users.role, status: users.status })
      .from(users)
      .where(eq(users.id, used.userId));
    if (!user || user.status !== 'active') throw new AppError(403, 'FORBIDDEN', '账号已被停用，请联系社区或街道');
    return issueTokens(ctx, tx as unknown as Db, used.userId, user.role as Role);
  });
}
