import { eq, sql } from 'drizzle-orm';
import type { Guide } from '@nuanxin/shared/access/schemas';
import { communityAccess } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { badRequest } from '../errors/app-error.js';
import type { Principal } from '../auth/principal.js';
import { type AccessContext, communitiesInScope } from './context.js';
import { validCoordinate } from './rules.js';

export const EMPTY_GUIDE: Guide = {
  buildings: [],
  parking: null,
  transferPoint: null,
  notes: '',
  requireLocation: false,
  maxDistanceM: 200,
};

export function toGuide(row: typeof communityAccess.$inferSelect | null | undefined): Guide {
  if (!row) return EMPTY_GUIDE;
  return {
    buildings: row.buildings,
    parking: row.parking ?? null,
    transferPoint: row.transferPoint ?? null,
    notes: row.notes,
    requireLocation: row.requireLocation,
    maxDistanceM: row.maxDistanceM,
  };
}

export async function loadGuide(db: Db, communityId: string): Promise<Guide> {
  const [row] = await db.select().from(communityAccess).where(eq(communityAccess.communityId, communityId));
  return toGuide(row);
}

export async function getGuide(ctx: AccessContext, principal: Principal, communityId: string): Promise<Guide> {
  await communitiesInScope(ctx.db, principal, [communityId]);
  return loadGuide(ctx.db, communityId);
}

/** Replaces the building guide and the location rule of a community. */
export async function saveGuide(ctx: AccessContext, principal: Principal, communityId: string, input: Guide): Promise<Guide> {
  await communitiesInScope(ctx.db, principal, [communityId]);
  const points = [
    ...input.buildings.flatMap((b, i) => (b.entrance ? [{ p: b.entrance, field: `buildings.${i}.entrance` }] : [])),
    ...(input.parking ? [{ p: input.parking, field: 'parking' }] : []),
    ...(input.transferPoint ? [{ p: input.transferPoint, field: 'transferPoint' }] : []),
  ];
  for (const { p, field } of points) {
    if (!validCoordinate(p.lat, p.lng)) throw badRequest('COORDINATE_OUT_OF_RANGE', undefined, field);
  }
  const values = {
    buildings: input.buildings.map((b) => ({ number: b.number.trim(), entrance: b.entrance, note: b.note.trim() })),
    parking: input.parking,
    transferPoint: input.transferPoint,
    notes: input.notes.trim(),
    requireLocation: input.requireLocation,
    maxDistanceM: input.maxDistanceM,
  };
  const [row] = await ctx.db
    .insert(communityAccess)
    .values({ communityId, ...values })
    .onConflictDoUpdate({ target: communityAccess.communityId, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return toGuide(row);
}
