import { randomInt } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CreateInvitationBody, Invitation, TokenPair } from '@nuanxin/shared/auth/schemas';
import { STAFF_ROLES, type Role } from '@nuanxin/shared/auth/constants';
import type { Db } from '../db/client.js';
import { communities, gates, invitations, merchants, staffScopes, streets, teams, users } from '../db/schema/index.js';
import { AppError, badRequest, conflict, forbidden } from '../platform/app-error.js';
import { inScope, type Principal, type ScopeKind } from './principal.js';
import type { Acting } from './actor.js';
import type { AuthContext } from './context.js';
import { issueTokens, sha256 } from './tokens.js';

// No 0/O, 1/I/L: the code is read aloud and typed by hand.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;

function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export const normaliseCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

type ScopeRow = { kind: ScopeKind; refId: string };

/** Resolves the scope an invitation grants, refusing anything outside the inviter's own scope. */
async function scopeFor(db: Db, inviter: Principal, input: CreateInvitationBody): Promise<ScopeRow[]> {
  switch (input.role) {
    case 'community_admin': {
      const ids = [...new Set(input.communityIds ?? [])];
      if (ids.length === 0) throw badRequest('INVITATION_SCOPE_REQUIRED', undefined, 'communityIds');
      const rows = await db
        .select({ id: communities.id, streetId: communities.streetId, districtId: streets.districtId })
        .from(communities)
        .innerJoin(streets, eq(streets.id, communities.streetId))
        .where(inArray(communities.id, ids));
      if (rows.length !== ids.length) throw badRequest('VALIDATION_FAILED', '有社区不存在', 'communityIds');
      for (const r of rows) {
        if (!inScope(inviter, { communityId: r.id, streetId: r.streetId, districtId: r.districtId })) {
          throw forbidden('OUT_OF_SCOPE');
        }
      }
      return ids.map((refId) => ({ kind: 'community', refId }));
    }
    case 'street_operator': {
      if (!input.streetId) throw badRequest('INVITATION_SCOPE_REQUIRED', undefined, 'streetId');
      if (inviter.role !== 'district_admin') throw forbidden('FORBIDDEN');
      const street = await db.query.streets.findFirst({ where: eq(streets.id, input.streetId) });
      if (!street) throw badRequest('VALIDATION_FAILED', '街道不存在', 'streetId');
      if (!inScope(inviter, { streetId: street.id, districtId: street.districtId })) throw forbidden('OUT_OF_SCOPE');
      return [{ kind: 'street', refId: street.id }];
    }
    case 'merchant': {
      if (!input.merchantId) throw badRequest('INVITATION_SCOPE_REQUIRED', undefined, 'merchantId');
      if (inviter.role !== 'district_admin') throw forbidden('FORBIDDEN');
      const [row] = await db
        .select({ id: merchants.id, streetId: merchants.streetId, districtId: streets.districtId })
        .from(merchants)
        .innerJoin(streets, eq(streets.id, merchants.streetId))
        .where(eq(merchants.id, input.merchantId));
      if (!row) throw badRequest('VALIDATION_FAILED', '商户不存在', 'merchantId');
      if (!inScope(inviter, { merchantId: row.id, streetId: row.streetId, districtId: row.districtId })) {
        throw forbidden('OUT_OF_SCOPE');
      }
      return [{ kind: 'merchant', refId: row.id }];
    }
    case 'district_admin': {
      if (inviter.role !== 'district_admin') throw forbidden('FORBIDDEN');
      return inviter.districtIds.map((refId) => ({ kind: 'district', refId }));
    }
    case 'gate_guard': {
      const ids = [...new Set(input.gateIds ?? [])];
      if (ids.length === 0) throw badRequest('INVITATION_SCOPE_REQUIRED', undefined, 'gateIds');
      const rows = await db
        .select({
          id: gates.id,
          communityId: gates.communityId,
          streetId: communities.streetId,
          districtId: streets.districtId,
        })
        .from(gates)
        .innerJoin(communities, eq(communities.id, gates.communityId))
        .innerJoin(streets, eq(streets.id, communities.streetId))
        .where(inArray(gates.id, ids));
      if (rows.length !== ids.length) throw badRequest('VALIDATION_FAILED', '有门岗不存在', 'gateIds');
      if (new Set(rows.map((r) => r.communityId)).size > 1) {
        throw badRequest('VALIDATION_FAILED', '门岗须属于同一个社区', 'gateIds');
      }
      const r = rows[0]!;
      if (!inScope(inviter, { communityId: r.communityId, streetId: r.streetId, districtId: r.districtId })) {
        throw forbidden('OUT_OF_SCOPE');
      }
      return ids.map((refId) => ({ kind: 'gate', refId }));
    }
    case 'crew_member': {
      if (!input.teamId) throw badRequest('INVITATION_SCOPE_REQUIRED', undefined, 'teamId');
      const team = await db.query.teams.findFirst({ where: eq(teams.id, input.teamId) });
      if (!team || !team.active) throw badRequest('VALIDATION_FAILED', '队伍不存在或已停用', 'teamId');
      if (!inScope(inviter, { streetId: team.streetId, districtId: team.districtId })) throw forbidden('OUT_OF_SCOPE');
      return [{ kind: 'team', refId: team.id }];
    }
  }
}

/**
 * A district admin invites any staff role in its district; a street operator the crews of its
 * street's teams; a community admin colleagues and gate guards for its own communities.
 */
export async function createInvitation(ctx: Acting<AuthContext>, input: CreateInvitationBody): Promise<Invitation> {
  const inviter = ctx.actor;
  const may: Partial<Record<Role, readonly string[]>> = {
    district_admin: STAFF_ROLES,
    street_operator: ['crew_member'],
    community_admin: ['community_admin', 'gate_guard'],
  };
  if (!may[inviter.role]?.includes(input.role)) throw forbidden('FORBIDDEN');
  const scope = await scopeFor(ctx.db, inviter, input);
  const code = newCode();
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.invitationTtlHours * 3600 * 1000);
  const [row] = await ctx.db
    .insert(invitations)
    .values({
      codeHash: sha256(code),
      role: input.role,
      displayName: input.displayName,
      scope,
      createdBy: inviter.userId,
      expiresAt,
    })
    .returning({ id: invitations.id });
  return { id: row!.id, code, role: input.role, displayName: input.displayName, expiresAt: expiresAt.toISOString() };
}

/** Binds the caller's WeChat identity to the invited staff role, once. */
export async function redeemInvitation(ctx: Acting<AuthContext>, input: { code: string }): Promise<TokenPair> {
  const { userId } = ctx.actor;
  const code = normaliseCode(input.code);
  try {
    return await redeem(ctx, userId, code);
  } finally {
    // The caller's role and scope changed (or a failed attempt read them): re-read on its next request.
    ctx.forget(userId);
  }
}

async function redeem(ctx: AuthContext, userId: string, code: string): Promise<TokenPair> {
  return ctx.db.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(eq(invitations.codeHash, sha256(code)))
      .for('update');
    if (!invitation) throw badRequest('INVITATION_INVALID', undefined, 'code');
    if (invitation.redeemedAt) throw conflict('INVITATION_USED');
    if (invitation.expiresAt.getTime() <= ctx.now().getTime()) throw new AppError(410, 'INVITATION_EXPIRED');
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user) throw badRequest('INVITATION_INVALID');
    if (user.role !== 'rider') throw conflict('ALREADY_STAFF');
    await tx
      .update(users)
      .set({ role: invitation.role, displayName: invitation.displayName, updatedAt: sql`now()` })
      .where(eq(users.id, userId));
    if (invitation.scope.length > 0) {
      await tx.insert(staffScopes).values(invitation.scope.map((s) => ({ userId, kind: s.kind, refId: s.refId })));
    }
    await tx
      .update(invitations)
      .set({ redeemedBy: userId, redeemedAt: sql`now()` })
      .where(and(eq(invitations.id, invitation.id)));
    return issueTokens(ctx, tx as unknown as Db, userId, invitation.role as Role);
  });
}
