import { randomInt } from 'node:crypto';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type {
  CreateInvitationBody,
  Invitation,
  InvitationList,
  InvitationQuery,
  InvitationSummary,
  TokenPair,
} from '@nuanxin/shared/auth/schemas';
import { INVITABLE_ROLES, type InvitationStatus, type Role, type StaffRole } from '@nuanxin/shared/auth/constants';
import { rowsOf, type Db } from '../db/client.js';
import { toDate } from '../db/prepared.js';
import { recordAudit, type AuditPlace } from '../audit/index.js';
import {
  apartments,
  communities,
  gates,
  invitations,
  merchants,
  staffScopes,
  streets,
  teams,
  users,
} from '../db/schema/index.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
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
    case 'district_admin':
    case 'mediator': {
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
    case 'apartment_operator': {
      const ids = [...new Set(input.apartmentIds ?? [])];
      if (ids.length === 0) throw badRequest('INVITATION_SCOPE_REQUIRED', undefined, 'apartmentIds');
      if (inviter.role !== 'district_admin') throw forbidden('FORBIDDEN');
      const rows = await db
        .select({ id: apartments.id, districtId: apartments.districtId, streetId: apartments.streetId })
        .from(apartments)
        .where(inArray(apartments.id, ids));
      if (rows.length !== ids.length) throw badRequest('VALIDATION_FAILED', '有公寓不存在', 'apartmentIds');
      for (const r of rows) {
        if (!inScope(inviter, { districtId: r.districtId, streetId: r.streetId })) throw forbidden('OUT_OF_SCOPE');
      }
      return ids.map((refId) => ({ kind: 'apartment', refId }));
    }
  }
}

/**
 * A district admin invites any staff role in its district; a street operator the crews of its
 * street's teams; a community admin colleagues and gate guards for its own communities.
 */
export async function createInvitation(ctx: Acting<AuthContext>, input: CreateInvitationBody): Promise<Invitation> {
  const inviter = ctx.actor;
  const may = INVITABLE_ROLES as Partial<Record<Role, readonly string[]>>;
  if (!may[inviter.role]?.includes(input.role)) throw forbidden('FORBIDDEN');
  const scope = await scopeFor(ctx.db, inviter, input);
  const code = newCode();
  const now = ctx.now();
  const hours = input.expiresInHours ?? ctx.config.invitationTtlHours;
  const expiresAt = new Date(now.getTime() + hours * 3600 * 1000);
  const displayName = input.displayName.trim();
  if (displayName === '') throw badRequest('VALIDATION_FAILED', '请填写被邀请人的姓名', 'displayName');
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [row] = await tx
      .insert(invitations)
      .values({
        codeHash: sha256(code),
        role: input.role,
        displayName,
        scope,
        createdBy: inviter.userId,
        expiresAt,
        createdAt: now,
      })
      .returning({ id: invitations.id });
    const id = row!.id;
    const [place] = await placesOf(db, sql`p.id = ${id}::uuid`);
    await recordAudit(db, {
      actor: inviter,
      at: now,
      action: 'invitation.issue',
      target: { kind: 'invitation', id },
      place: auditPlace(place),
      after: { role: input.role, displayName, scope: place?.scope_label ?? '', expiresAt: expiresAt.toISOString() },
    });
    return { id, code, role: input.role, displayName, expiresAt: expiresAt.toISOString() };
  });
}

/**
 * An invitation issued by the system rather than by a staff member (`created_by` null): the first
 * district admin of a district set up by `pnpm admin:bootstrap`, the one path that needs no
 * existing admin. Takes the caller's transaction so the invitation exists exactly when what it
 * grants does. Returns the one-time code (only its hash is stored).
 */
export async function issueSystemInvitation(
  db: Db,
  input: { role: Role; displayName: string; scope: ScopeRow[]; now: Date; ttlHours: number },
): Promise<{ id: string; code: string; expiresAt: Date }> {
  const code = newCode();
  const expiresAt = new Date(input.now.getTime() + input.ttlHours * 3600 * 1000);
  const [row] = await db
    .insert(invitations)
    .values({
      codeHash: sha256(code),
      role: input.role,
      displayName: input.displayName,
      scope: input.scope,
      createdBy: null,
      expiresAt,
      createdAt: input.now,
    })
    .returning({ id: invitations.id });
  return { id: row!.id, code, expiresAt };
}

/** Binds the caller's WeChat identity to the invited staff role, once. */
export async function redeemInvitation(ctx: Acting<AuthContext>, input: { code: string }): Promise<TokenPair> {
  const { userId } = ctx.actor;
  const code = normaliseCode(input.code);
  try {
    return await redeem(ctx, code);
  } finally {
    // The caller's role and scope changed (or a failed attempt read them): re-read on its next request.
    ctx.forget(userId);
  }
}

async function redeem(ctx: Acting<AuthContext>, code: string): Promise<TokenPair> {
  const { userId } = ctx.actor;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    // Locked: a revoke of the same invitation waits for this one, or this one for it.
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(eq(invitations.codeHash, sha256(code)))
      .for('update');
    if (!invitation) throw badRequest('INVITATION_INVALID', undefined, 'code');
    if (invitation.redeemedAt) throw conflict('INVITATION_USED');
    if (invitation.revokedAt) throw new AppError(410, 'INVITATION_REVOKED');
    if (invitation.expiresAt.getTime() <= now.getTime()) throw new AppError(410, 'INVITATION_EXPIRED');
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
      .set({ redeemedBy: userId, redeemedAt: now })
      .where(and(eq(invitations.id, invitation.id)));
    const [place] = await placesOf(db, sql`p.id = ${invitation.id}::uuid`);
    await recordAudit(db, {
      actor: ctx.actor,
      at: now,
      action: 'invitation.redeem',
      target: { kind: 'invitation', id: invitation.id },
      place: auditPlace(place),
      before: { role: user.role },
      after: { role: invitation.role, displayName: invitation.displayName, scope: place?.scope_label ?? '' },
    });
    return issueTokens(ctx, db, userId, invitation.role as Role);
  });
}

// ---- the issuer's side: list and revoke ----

interface PlaceRow {
  id: string;
  role: string;
  district_ids: string[];
  street_ids: string[];
  community_ids: string[];
  merchant_ids: string[];
  scope_label: string;
}

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/**
 * Where each invitation's scope sits (districts, streets, communities, shops) and its names, for
 * the scope rule and the audit. Resolved at read time from the scope rows, so a renamed
 * community reads under its new name.
 */
const placesSql = sql`
  select i.id, i.role,
         coalesce(p.district_ids, '{}') as district_ids, coalesce(p.street_ids, '{}') as street_ids,
         coalesce(p.community_ids, '{}') as community_ids, coalesce(p.merchant_ids, '{}') as merchant_ids,
         coalesce(p.scope_label, '') as scope_label
    from invitations i
   cross join lateral (
     select array_agg(distinct x.district_id) filter (where x.district_id is not null) as district_ids,
            array_agg(distinct x.street_id) filter (where x.street_id is not null) as street_ids,
            array_agg(distinct x.community_id) filter (where x.community_id is not null) as community_ids,
            array_agg(distinct x.merchant_id) filter (where x.merchant_id is not null) as merchant_ids,
            string_agg(x.name, '、' order by x.name) as scope_label
       from (
         select coalesce(d.id, ps.district_id, t.district_id, ap.district_id) as district_id,
                ps.id as street_id,
                coalesce(c.id, gc.id) as community_id,
                m.id as merchant_id,
                coalesce(c.name, gc.name || ' · ' || g.name, m.name, t.name, ap.name, st.name, d.name) as name
           from jsonb_array_elements(i.scope) e
           left join districts d on e->>'kind' = 'district' and d.id = (e->>'refId')::uuid
           left join streets st on e->>'kind' = 'street' and st.id = (e->>'refId')::uuid
           left join communities c on e->>'kind' = 'community' and c.id = (e->>'refId')::uuid
           left join merchants m on e->>'kind' = 'merchant' and m.id = (e->>'refId')::uuid
           left join gates g on e->>'kind' = 'gate' and g.id = (e->>'refId')::uuid
           left join communities gc on gc.id = g.community_id
           left join teams t on e->>'kind' = 'team' and t.id = (e->>'refId')::uuid
           left join apartments ap on e->>'kind' = 'apartment' and ap.id = (e->>'refId')::uuid
           left join streets ps on ps.id = coalesce(st.id, c.street_id, m.street_id, gc.street_id, t.street_id)
       ) x
   ) p`;

async function placesOf(db: Db, where: SQL): Promise<PlaceRow[]> {
  return rowsOf<PlaceRow>(await db.execute(sql`select * from (${placesSql}) p where ${where}`));
}

/** The narrowest place that holds the whole scope, for the audit row. */
function auditPlace(p: PlaceRow | undefined): AuditPlace {
  if (!p) return {};
  if (p.community_ids.length === 1) return { communityId: p.community_ids[0]! };
  if (p.merchant_ids.length === 1) return { merchantId: p.merchant_ids[0]! };
  if (p.street_ids.length === 1) return { streetId: p.street_ids[0]! };
  return { districtId: p.district_ids[0] ?? null };
}

/**
 * Which invitations a caller may see and revoke: those it could have issued itself. A district
 * admin its district's; a street operator the crew invitations of its streets; a community admin
 * colleague and guard invitations wholly inside its own communities.
 */
function visibleTo(actor: Principal): SQL {
  switch (actor.role) {
    case 'district_admin':
      return sql`cardinality(p.district_ids) > 0 and p.district_ids <@ ${uuidArray(actor.districtIds)}::uuid[]`;
    case 'street_operator':
      return sql`p.role = 'crew_member' and cardinality(p.street_ids) > 0
                 and p.street_ids <@ ${uuidArray(actor.streetIds)}::uuid[]`;
    case 'community_admin':
      return sql`p.role in ('community_admin', 'gate_guard') and cardinality(p.community_ids) > 0
                 and p.community_ids <@ ${uuidArray(actor.communityIds)}::uuid[]`;
    default:
      return sql`false`;
  }
}

interface SummaryRow extends PlaceRow {
  status: InvitationStatus;
  display_name: string;
  created_at: string | Date;
  created_by_name: string;
  expires_at: string | Date;
  redeemed_at: string | Date | null;
  redeemed_by_name: string | null;
  revoked_at: string | Date | null;
  total: number | string;
}

/** The invitations the caller may see, newest first, with their status and who redeemed them. */
export async function listInvitations(ctx: Acting<AuthContext>, query: InvitationQuery): Promise<InvitationList> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const items = await summaries(ctx, { status: query.status, page, pageSize });
  // count(*) over () rides on every row; past the last page there is no row to carry it.
  const total =
    items.length > 0
      ? items[0]!.total
      : page === 1
        ? 0
        : ((await summaries(ctx, { ...query, page: 1, pageSize: 1 }))[0]?.total ?? 0);
  return { items: items.map(({ total: _total, ...item }) => item), total, page, pageSize };
}

async function summaries(
  ctx: Acting<AuthContext>,
  q: { status?: InvitationStatus | undefined; id?: string; page: number; pageSize: number },
): Promise<(InvitationSummary & { total: number })[]> {
  const now = ctx.now();
  const filters = [
    q.status ? sql`v.status = ${q.status}` : undefined,
    q.id ? sql`v.id = ${q.id}::uuid` : undefined,
  ].filter((f): f is SQL => f !== undefined);
  const rows = rowsOf<SummaryRow>(
    await ctx.db.execute(sql`
      select *, count(*) over () as total from (
        select p.*, i.display_name, i.created_at, i.expires_at, i.redeemed_at, i.revoked_at,
               coalesce(cu.display_name, '') as created_by_name, ru.display_name as redeemed_by_name,
               case when i.revoked_at is not null then 'revoked'
                    when i.redeemed_at is not null then 'redeemed'
                    when i.expires_at <= ${now.toISOString()}::timestamptz then 'expired'
                    else 'pending' end as status
          from (${placesSql}) p
          join invitations i on i.id = p.id
          left join users cu on cu.id = i.created_by
          left join users ru on ru.id = i.redeemed_by
         where ${visibleTo(ctx.actor)}
      ) v
      ${filters.length > 0 ? sql`where ${sql.join(filters, sql` and `)}` : sql``}
      order by v.created_at desc, v.id desc
      limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
  );
  return rows.map((r) => ({
    id: r.id,
    role: r.role as StaffRole,
    displayName: r.display_name,
    status: r.status,
    scopeLabel: r.scope_label,
    createdAt: toDate(r.created_at).toISOString(),
    createdByName: r.created_by_name,
    expiresAt: toDate(r.expires_at).toISOString(),
    redeemedAt: r.redeemed_at === null ? null : toDate(r.redeemed_at).toISOString(),
    redeemedByName: r.redeemed_by_name,
    revokedAt: r.revoked_at === null ? null : toDate(r.revoked_at).toISOString(),
    total: Number(r.total),
  }));
}

/** Withdraws a code nobody has used yet; whoever could have issued it may. */
export async function revokeInvitation(ctx: Acting<AuthContext>, input: { id: string }): Promise<InvitationSummary> {
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    // Locked like redeem: of a revoke and a redeem at once, exactly one wins.
    const [invitation] = await tx.select().from(invitations).where(eq(invitations.id, input.id)).for('update');
    if (!invitation) throw notFound();
    const [place] = await placesOf(db, sql`p.id = ${invitation.id}::uuid and ${visibleTo(ctx.actor)}`);
    if (!place) throw forbidden('OUT_OF_SCOPE');
    if (invitation.revokedAt) throw conflict('INVITATION_REVOKED');
    if (invitation.redeemedAt) throw conflict('INVITATION_USED');
    if (invitation.expiresAt.getTime() <= now.getTime()) throw new AppError(410, 'INVITATION_EXPIRED');
    await tx
      .update(invitations)
      .set({ revokedAt: now, revokedBy: ctx.actor.userId })
      .where(eq(invitations.id, invitation.id));
    await recordAudit(db, {
      actor: ctx.actor,
      at: now,
      action: 'invitation.revoke',
      target: { kind: 'invitation', id: invitation.id },
      place: auditPlace(place),
      before: { status: 'pending', role: invitation.role, displayName: invitation.displayName },
      after: { status: 'revoked' },
    });
  });
  const [summary] = await summaries(ctx, { id: input.id, page: 1, pageSize: 1 });
  return summary!;
}
