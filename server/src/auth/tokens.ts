import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { TokenPair } from '@nuanxin/shared/auth/schemas';
import type { Role } from '@nuanxin/shared/auth/constants';
import type { Db } from '../db/client.js';
import { refreshTokens, users } from '../db/schema/index.js';
import { unauthorized } from '../platform/app-error.js';
import type { Acting } from './actor.js';
import type { AuthContext } from './context.js';
import { loadMe } from './me.js';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

async function insertRefreshToken(ctx: AuthContext, db: Db, userId: string, familyId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(refreshTokens).values({
    userId,
    familyId,
    tokenHash: sha256(token),
    expiresAt: new Date(ctx.now().getTime() + ctx.config.refreshTokenTtlSeconds * 1000),
  });
  return token;
}

async function pair(ctx: AuthContext, db: Db, userId: string, role: Role, refreshToken: string): Promise<TokenPair> {
  const user = await loadMe(db, userId);
  return {
    accessToken: ctx.signAccessToken({ sub: userId, role, iatMs: ctx.now().getTime() }),
    accessTokenExpiresIn: ctx.config.accessTokenTtlSeconds,
    refreshToken,
    refreshTokenExpiresIn: ctx.config.refreshTokenTtlSeconds,
    user,
  };
}

/** Starts a new session (a new refresh-token family) for a user who just proved who they are. */
export async function issueTokens(ctx: AuthContext, db: Db, userId: string, role: Role): Promise<TokenPair> {
  const refreshToken = await insertRefreshToken(ctx, db, userId, randomUUID());
  return pair(ctx, db, userId, role, refreshToken);
}

/**
 * Rotates a refresh token: the presented one is spent and a new one of the same family is
 * returned. Presenting a spent token means it was copied: the whole family is revoked — unless
 * it was spent moments ago, which is two tabs or a retry racing, not theft: that caller is refused
 * and the winner's session survives.
 */
export async function rotateRefreshToken(ctx: AuthContext, input: { refreshToken: string }): Promise<TokenPair> {
  const hash = sha256(input.refreshToken);
  const now = ctx.now().getTime();
  const outcome = await ctx.db.transaction(async (tx) => {
    // Row lock: two concurrent refreshes with one token cannot both succeed.
    const rows = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash)).for('update');
    const row = rows[0];
    if (!row || row.revokedAt || row.expiresAt.getTime() <= now) return { kind: 'invalid' as const };
    if (row.rotatedAt) {
      if (now - row.rotatedAt.getTime() < ctx.config.refreshReuseGraceSeconds * 1000) {
        return { kind: 'superseded' as const };
      }
      await tx
        .update(refreshTokens)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
      return { kind: 'reused' as const };
    }
    await tx
      .update(refreshTokens)
      .set({ rotatedAt: sql`now()` })
      .where(eq(refreshTokens.id, row.id));
    const principal = await tx.query.users.findFirst({
      where: (u, { eq: equals }) => equals(u.id, row.userId),
      columns: { role: true, status: true },
    });
    if (!principal || principal.status !== 'active') return { kind: 'invalid' as const };
    const next = await insertRefreshToken(ctx, tx as unknown as Db, row.userId, row.familyId);
    return {
      kind: 'ok' as const,
      tokens: await pair(ctx, tx as unknown as Db, row.userId, principal.role as Role, next),
    };
  });
  if (outcome.kind === 'invalid') throw unauthorized('REFRESH_TOKEN_INVALID');
  if (outcome.kind === 'reused') throw unauthorized('REFRESH_TOKEN_REUSED');
  if (outcome.kind === 'superseded') throw unauthorized('REFRESH_TOKEN_SUPERSEDED');
  return outcome.tokens;
}

/** Logout on this device: revokes the family the token belongs to. Unknown tokens are ignored. */
export async function revokeFamily(ctx: AuthContext, input: { refreshToken: string }): Promise<void> {
  const { db } = ctx;
  const row = await db.query.refreshTokens.findFirst({
    where: (t, { eq: equals }) => equals(t.tokenHash, sha256(input.refreshToken)),
    columns: { familyId: true },
  });
  if (!row) return;
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
}

/** Logout everywhere: every refresh token is revoked and every access token refused at once. */
export async function revokeAllForUser(ctx: Acting<AuthContext>): Promise<void> {
  const { userId } = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(refreshTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
    // On the API's clock, as tokens' `iatMs` is: a token issued before this instant is refused.
    await tx.update(users).set({ tokensValidAfter: ctx.now() }).where(eq(users.id, userId));
  });
  // This process's next request must not wait for the commit's notification.
  ctx.forget(userId);
}
