import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { OpenCommunity, Pass, ReviewItem, ReviewQuery } from '@nuanxin/shared/access/schemas';
import type { ApprovalMode, PassStatus } from '@nuanxin/shared/access/constants';
import { agreements, communities, passes, riderProfiles } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { forbidden } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import { type AccessContext, communitiesInScope, scopeCommunityIds } from './context.js';
import { maskedRider, suspensionOf } from './profile.js';

// Read side of passes: what a rider holds, what it may apply to, what an admin has to review.

/** Today's date in China (agreements run by calendar day in Beijing time). */
export const chinaToday = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
/** An agreement ending on a day admits riders until the end of that day, Beijing time. */
export const endOfChinaDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`);

/** Agreements in force today that admit this rider's platform and station. */
export function admittingAgreements(profile: { platform: string; stationName: string }, today: string) {
  return and(
    eq(agreements.platform, profile.platform),
    or(isNull(agreements.stationName), eq(agreements.stationName, profile.stationName)),
    lte(agreements.startsOn, today),
    or(isNull(agreements.endsOn), gte(agreements.endsOn, today)),
    // Ended early by staff (agreements.ts, endAgreement): admits nobody from that moment.
    isNull(agreements.endedAt),
    // A deactivated community (geo) admits no new applications; passes already held stay.
    sql`exists (select 1 from ${communities} where ${communities.id} = ${agreements.communityId} and ${communities.active})`,
  );
}

const passColumns = {
  id: passes.id,
  communityId: passes.communityId,
  communityName: communities.name,
  status: passes.status,
  reason: passes.reason,
  appliedAt: passes.appliedAt,
  decidedAt: passes.decidedAt,
  expiresAt: passes.expiresAt,
};

type PassRow = { [K in keyof typeof passColumns]: unknown } & {
  id: string;
  communityId: string;
  communityName: string;
  status: string;
  reason: string | null;
  appliedAt: Date;
  decidedAt: Date | null;
  expiresAt: Date | null;
};

/** An approved pass past its end date reads as expired even before the job marks it. */
export function effectiveStatus(status: string, expiresAt: Date | null, now: Date): PassStatus {
  if (status === 'approved' && expiresAt && expiresAt.getTime() <= now.getTime()) return 'expired';
  return status as PassStatus;
}

export function toPass(row: PassRow, now: Date): Pass {
  return {
    id: row.id,
    communityId: row.communityId,
    communityName: row.communityName,
    status: effectiveStatus(row.status, row.expiresAt, now),
    reason: row.reason,
    appliedAt: row.appliedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

export async function passesOf(db: Db, riderId: string, now: Date, ids?: string[]): Promise<Pass[]> {
  const rows = await db
    .select(passColumns)
    .from(passes)
    .innerJoin(communities, eq(communities.id, passes.communityId))
    .where(ids ? and(eq(passes.riderId, riderId), inArray(passes.id, ids)) : eq(passes.riderId, riderId))
    .orderBy(asc(communities.name));
  return rows.map((r) => toPass(r, now));
}

export async function listMyPasses(ctx: Acting<AccessContext>): Promise<Pass[]> {
  return passesOf(ctx.db, ctx.actor.userId, ctx.now());
}

/** Communities whose agreements admit the rider today, with the rider's pass status there. */
export async function listOpenCommunities(ctx: Acting<AccessContext>): Promise<OpenCommunity[]> {
  const [profile] = await ctx.db.select().from(riderProfiles).where(eq(riderProfiles.userId, ctx.actor.userId));
  if (!profile) return [];
  const now = ctx.now();
  const rows = await ctx.db
    .select({
      id: communities.id,
      name: communities.name,
      address: communities.address,
      approval: agreements.approval,
      passStatus: passes.status,
      expiresAt: passes.expiresAt,
    })
    .from(agreements)
    .innerJoin(communities, eq(communities.id, agreements.communityId))
    .leftJoin(passes, and(eq(passes.communityId, communities.id), eq(passes.riderId, ctx.actor.userId)))
    .where(admittingAgreements(profile, chinaToday(now)))
    .orderBy(asc(communities.name), asc(agreements.approval));
  const seen = new Map<string, OpenCommunity>();
  for (const r of rows) {
    // 'auto' sorts first: when two agreements admit the rider, the automatic one applies.
    if (seen.has(r.id)) continue;
    seen.set(r.id, {
      id: r.id,
      name: r.name,
      address: r.address,
      approval: r.approval as ApprovalMode,
      passStatus: r.passStatus ? effectiveStatus(r.passStatus, r.expiresAt, now) : null,
    });
  }
  return [...seen.values()];
}

/** Applications and passes of the admin's communities; phone and ID masked. */
export async function listForReview(ctx: Acting<AccessContext>, query: ReviewQuery): Promise<ReviewItem[]> {
  let ids = await scopeCommunityIds(ctx.db, ctx.actor);
  if (query.communityId) {
    if (!ids.includes(query.communityId)) throw forbidden('OUT_OF_SCOPE');
    ids = [query.communityId];
  }
  if (ids.length === 0) return [];
  await communitiesInScope(ctx.db, ctx.actor, ids);
  const status = query.status ?? 'pending';
  const now = ctx.now();
  const rows = await ctx.db
    .select({
      ...passColumns,
      riderId: passes.riderId,
      profile: riderProfiles,
    })
    .from(passes)
    .innerJoin(communities, eq(communities.id, passes.communityId))
    .innerJoin(riderProfiles, eq(riderProfiles.userId, passes.riderId))
    .where(and(inArray(passes.communityId, ids), eq(passes.status, status)))
    .orderBy(status === 'pending' ? asc(passes.appliedAt) : desc(passes.updatedAt))
    .limit(500);
  return rows.map((r) => ({
    id: r.id,
    communityId: r.communityId,
    communityName: r.communityName,
    status: effectiveStatus(r.status, r.expiresAt, now),
    reason: r.reason,
    appliedAt: r.appliedAt.toISOString(),
    rider: {
      id: r.riderId,
      ...maskedRider(r.profile),
      suspension: suspensionOf(r.profile),
    },
  }));
}
