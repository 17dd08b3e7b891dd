import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { RiderQuery, StaffRider, StaffRiderDetail, StaffRiderList } from '@nuanxin/shared/access/schemas';
import type { PassStatus, SuspensionAction } from '@nuanxin/shared/access/constants';
import { communities, passes, riderProfiles, riderSuspensions, streets, users } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { badRequest, forbidden, notFound } from '../platform/app-error.js';
import { inScope, type Acting, type Principal } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { type AccessContext, scopeCommunityIds } from './context.js';
import { effectiveStatus } from './passes.js';
import { maskedRider, suspensionOf } from './profile.js';

// Read side of rider suspension, and the scope rule the suspend and lift use cases share.

type ProfileRow = typeof riderProfiles.$inferSelect;

/** A rider's passes with where each community sits, for `inScope`. */
async function passesWithPlace(db: Db, riderIds: string[]) {
  if (riderIds.length === 0) return [];
  return db
    .select({
      riderId: passes.riderId,
      communityId: passes.communityId,
      communityName: communities.name,
      streetId: communities.streetId,
      districtId: streets.districtId,
      status: passes.status,
      expiresAt: passes.expiresAt,
    })
    .from(passes)
    .innerJoin(communities, eq(communities.id, passes.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(inArray(passes.riderId, riderIds))
    .orderBy(asc(communities.name));
}

function toStaffRider(profile: ProfileRow, own: Awaited<ReturnType<typeof passesWithPlace>>, now: Date): StaffRider {
  return {
    id: profile.userId,
    ...maskedRider(profile),
    passes: own.map((p) => ({
      communityId: p.communityId,
      communityName: p.communityName,
      status: effectiveStatus(p.status, p.expiresAt, now) as PassStatus,
    })),
    suspension: suspensionOf(profile),
  };
}

/**
 * Loads a rider for a suspender and checks the scope: the rider must have applied for (or hold)
 * a pass in a community the principal covers (`inScope` on the community's street and district).
 * Only the passes in the principal's area are returned. `lock` takes the profile row FOR UPDATE.
 */
export async function riderInScope(db: Db, principal: Principal, riderId: string, opts: { lock?: boolean; now: Date }) {
  const query = db.select().from(riderProfiles).where(eq(riderProfiles.userId, riderId));
  const [profile] = opts.lock ? await query.for('update') : await query;
  if (!profile) throw notFound('RIDER_UNKNOWN');
  const own = (await passesWithPlace(db, [riderId])).filter((p) =>
    inScope(principal, { communityId: p.communityId, streetId: p.streetId, districtId: p.districtId }),
  );
  if (own.length === 0) throw forbidden('OUT_OF_SCOPE', '该骑手没有在你负责范围内的小区申请或持有通行证');
  return { profile, rider: toStaffRider(profile, own, opts.now) };
}

/** `%`, `_` and `\` typed by the user match themselves in ILIKE. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Riders with a pass (any status) in the principal's area: suspended first, then by name. `q`
 * matches a name or plate (part of), the last four digits of the phone, or the whole number; the
 * phone is never returned unmasked.
 */
export async function listRiders(ctx: Acting<AccessContext>, query: RiderQuery): Promise<StaffRiderList> {
  const ids = await scopeCommunityIds(ctx.db, ctx.actor);
  if (ids.length === 0) return { items: [], more: false };
  const limit = query.limit ?? 50;
  const conditions: SQL[] = [
    sql`exists (select 1 from ${passes} where ${passes.riderId} = ${riderProfiles.userId} and ${inArray(passes.communityId, ids)})`,
  ];
  const q = query.q?.trim().replace(/\s+/g, '') ?? '';
  if (/^1\d{10}$/.test(q)) conditions.push(eq(riderProfiles.phone, q));
  else if (/^\d{4}$/.test(q)) conditions.push(sql`right(${riderProfiles.phone}, 4) = ${q}`);
  else if (q) {
    const pattern = `%${likeEscape(q)}%`;
    conditions.push(or(ilike(riderProfiles.realName, pattern), ilike(riderProfiles.plate, pattern))!);
  }
  if (query.suspended !== undefined)
    conditions.push(query.suspended ? isNotNull(riderProfiles.suspendedAt) : isNull(riderProfiles.suspendedAt));
  const rows = await ctx.db
    .select()
    .from(riderProfiles)
    .where(and(...conditions))
    .orderBy(
      sql`${riderProfiles.suspendedAt} is null`,
      desc(riderProfiles.suspendedAt),
      asc(riderProfiles.realName),
      asc(riderProfiles.userId),
    )
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const idSet = new Set(ids);
  const all = await passesWithPlace(
    ctx.db,
    page.map((r) => r.userId),
  );
  const now = ctx.now();
  return {
    items: page.map((r) =>
      toStaffRider(
        r,
        all.filter((p) => p.riderId === r.userId && idSet.has(p.communityId)),
        now,
      ),
    ),
    more: rows.length > limit,
  };
}

/** One rider with the full audit of suspensions and lifts, newest first. */
export async function riderDetail(ctx: Acting<AccessContext>, input: { id: string }): Promise<StaffRiderDetail> {
  const { rider } = await riderInScope(ctx.db, ctx.actor, input.id, { now: ctx.now() });
  return { rider, history: await suspensionHistory(ctx.db, input.id) };
}

export async function suspensionHistory(db: Db, riderId: string): Promise<StaffRiderDetail['history']> {
  const rows = await db
    .select({
      id: riderSuspensions.id,
      action: riderSuspensions.action,
      reason: riderSuspensions.reason,
      at: riderSuspensions.createdAt,
      actorName: users.displayName,
      actorRole: riderSuspensions.actorRole,
    })
    .from(riderSuspensions)
    .leftJoin(users, eq(users.id, riderSuspensions.actorId))
    .where(eq(riderSuspensions.riderId, riderId))
    .orderBy(desc(riderSuspensions.createdAt), desc(riderSuspensions.id));
  return rows.map((r) => ({ ...r, action: r.action as SuspensionAction, at: r.at.toISOString() }));
}

/**
 * The frame of suspend and lift: one transaction that locks the rider's profile, checks scope,
 * lets the use case check the state and name the new values, writes them and the audit row, and
 * returns the rider with its history. Scans read the profile row, so the change counts at once.
 */
export async function changeSuspension(
  ctx: Acting<AccessContext>,
  input: { riderId: string; action: SuspensionAction; reason: string },
  check: (profile: ProfileRow) => void,
): Promise<StaffRiderDetail> {
  const { actor: principal } = ctx;
  const { riderId } = input;
  const reason = input.reason.trim();
  if (!reason) throw badRequest('REASON_REQUIRED', undefined, 'reason');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const { profile } = await riderInScope(db, principal, riderId, { lock: true, now });
    check(profile);
    const suspend = input.action === 'suspend';
    await recordAudit(db, {
      actor: principal,
      at: now,
      action: `rider.${input.action}`,
      target: { kind: 'rider', id: riderId },
      // The suspender's own level: the row is its decision over its whole street or district.
      place:
        principal.role === 'street_operator'
          ? { streetId: principal.streetIds[0] ?? null }
          : { districtId: principal.districtIds[0] ?? null },
      before: { suspended: profile.suspendedAt !== null, reason: profile.suspensionReason },
      after: { suspended: suspend, reason },
    });
    await db
      .update(riderProfiles)
      .set({
        suspendedAt: suspend ? now : null,
        suspensionReason: suspend ? reason : null,
        suspendedBy: suspend ? principal.userId : null,
        suspendedByRole: suspend ? principal.role : null,
        updatedAt: now,
      })
      .where(eq(riderProfiles.userId, riderId));
    await db.insert(riderSuspensions).values({
      riderId,
      action: input.action,
      reason,
      actorId: principal.userId,
      actorRole: principal.role,
      createdAt: now,
    });
  });
  return riderDetail(ctx, { id: riderId });
}
