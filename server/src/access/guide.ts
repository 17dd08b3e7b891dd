import { eq } from 'drizzle-orm';
import type { Guide, GuideBuilding } from '@nuanxin/shared/access/schemas';
import {
  DEFAULT_MAX_DISTANCE_M,
  DEFAULT_REQUIRE_LOCATION,
  GUIDE_MAX_DISTANCE_M,
} from '@nuanxin/shared/access/constants';
import { buildingEntrances } from '@nuanxin/shared/access/guide';
import { greatCircleMetres } from '@nuanxin/shared/geo/distance';
import { communities, communityAccess } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { badRequest } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { type AccessContext, communitiesInScope } from './context.js';
import { validCoordinate } from './rules.js';

export const EMPTY_GUIDE: Guide = {
  buildings: [],
  parking: null,
  transferPoint: null,
  notes: '',
  // The column defaults of community_access: the location check is on unless switched off.
  requireLocation: DEFAULT_REQUIRE_LOCATION,
  maxDistanceM: DEFAULT_MAX_DISTANCE_M,
};

/** Both shapes of a building: labelled `entrances`, and `entrance` (the first) for older clients. */
function normaliseBuilding(b: GuideBuilding): Required<GuideBuilding> {
  const entrances = buildingEntrances(b).map((e) => ({ lat: e.lat, lng: e.lng, label: e.label.trim() }));
  const first = entrances[0];
  return {
    number: b.number.trim(),
    entrances,
    entrance: first ? { lat: first.lat, lng: first.lng } : null,
    note: b.note.trim(),
  };
}

export function toGuide(row: typeof communityAccess.$inferSelect | null | undefined): Guide {
  if (!row) return EMPTY_GUIDE;
  return {
    buildings: row.buildings.map(normaliseBuilding),
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

export async function getGuide(ctx: Acting<AccessContext>, input: { communityId: string }): Promise<Guide> {
  await communitiesInScope(ctx.db, ctx.actor, [input.communityId]);
  return loadGuide(ctx.db, input.communityId);
}

/**
 * Replaces the building guide and the location rule of a community. Every position must be a
 * coordinate and lie within GUIDE_MAX_DISTANCE_M of the community (a pick on the wrong street or
 * swapped lat/lng is refused with the field that holds it); building numbers are unique.
 */
export async function saveGuide(
  ctx: Acting<AccessContext>,
  { communityId, guide: input }: { communityId: string; guide: Guide },
): Promise<Guide> {
  await communitiesInScope(ctx.db, ctx.actor, [communityId]);
  const [community] = await ctx.db
    .select({ lat: communities.lat, lng: communities.lng })
    .from(communities)
    .where(eq(communities.id, communityId));
  const buildings = input.buildings.map(normaliseBuilding);
  const seen = new Set<string>();
  buildings.forEach((b, i) => {
    if (!b.number) throw badRequest('GUIDE_INVALID', '楼号不能为空', `buildings.${i}.number`);
    if (seen.has(b.number))
      throw badRequest('GUIDE_INVALID', `楼号“${b.number}”重复，请合并为一栋`, `buildings.${i}.number`);
    seen.add(b.number);
  });
  const points = [
    ...buildings.flatMap((b, i) =>
      b.entrances.map((p, j) => ({
        p,
        field: `buildings.${i}.entrances.${j}`,
        what: `${b.number}${p.label ? ` ${p.label}` : '入口'}`,
      })),
    ),
    ...(input.parking ? [{ p: input.parking, field: 'parking', what: '停车区' }] : []),
    ...(input.transferPoint ? [{ p: input.transferPoint, field: 'transferPoint', what: '转运点' }] : []),
  ];
  for (const { p, field, what } of points) {
    if (!validCoordinate(p.lat, p.lng)) throw badRequest('COORDINATE_OUT_OF_RANGE', undefined, field);
    const metres = greatCircleMetres(p, community!);
    if (metres > GUIDE_MAX_DISTANCE_M) {
      const km = (metres / 1000).toFixed(metres < 10_000 ? 1 : 0);
      throw badRequest(
        'GUIDE_POINT_TOO_FAR',
        `${what}离小区约 ${km} 公里，超过 ${GUIDE_MAX_DISTANCE_M / 1000} 公里，请确认选点是否正确`,
        field,
      );
    }
  }
  const values = {
    buildings,
    parking: input.parking,
    transferPoint: input.transferPoint,
    notes: input.notes.trim(),
    requireLocation: input.requireLocation,
    maxDistanceM: input.maxDistanceM,
  };
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadGuide(tx as unknown as Db, communityId);
    const [saved] = await tx
      .insert(communityAccess)
      .values({ communityId, ...values })
      .onConflictDoUpdate({ target: communityAccess.communityId, set: { ...values, updatedAt: ctx.now() } })
      .returning();
    await recordAudit(tx as unknown as Db, {
      actor: ctx.actor,
      at: ctx.now(),
      action: 'guide.update',
      target: { kind: 'guide', id: communityId },
      place: { communityId },
      before,
      after: toGuide(saved),
    });
    return saved;
  });
  return toGuide(row);
}
