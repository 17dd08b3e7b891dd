import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { communities, districts, streets } from '../db/schema/index.js';
import { forbidden, notFound } from '../platform/app-error.js';
import { inScope, type Principal } from '../auth/index.js';
import { activityViews, type ActivityView } from './views.js';

export interface OrganiserPlace {
  districtId: string;
  streetId: string | null;
  communityId: string | null;
}

/**
 * Where a new activity sits: the community, street or district named (the most specific wins),
 * else the caller's own first one. Refused unless inside the caller's scope.
 */
export async function organiserPlace(
  db: Db,
  actor: Principal,
  input: { communityId?: string; streetId?: string; districtId?: string },
): Promise<OrganiserPlace> {
  let place: OrganiserPlace | undefined;
  const communityId =
    input.communityId ??
    (!input.streetId && !input.districtId && actor.role === 'community_admin' ? actor.communityIds[0] : undefined);
  const streetId =
    input.streetId ?? (!input.districtId && actor.role === 'street_operator' ? actor.streetIds[0] : undefined);
  const districtId = input.districtId ?? (actor.role === 'district_admin' ? actor.districtIds[0] : undefined);
  if (communityId) {
    const [c] = await db
      .select({ streetId: communities.streetId, districtId: streets.districtId })
      .from(communities)
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(eq(communities.id, communityId));
    if (!c) throw notFound();
    place = { communityId, streetId: c.streetId, districtId: c.districtId };
  } else if (streetId) {
    const [s] = await db.select({ districtId: streets.districtId }).from(streets).where(eq(streets.id, streetId));
    if (!s) throw notFound();
    place = { communityId: null, streetId, districtId: s.districtId };
  } else if (districtId) {
    const [d] = await db.select({ id: districts.id }).from(districts).where(eq(districts.id, districtId));
    if (!d) throw notFound();
    place = { communityId: null, streetId: null, districtId };
  }
  if (!place || !inScope(actor, place)) throw forbidden('OUT_OF_SCOPE');
  return place;
}

const anyOf = (column: SQL, ids: string[]) =>
  ids.length === 0
    ? sql`false`
    : sql`${column} in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`;

/** The activities a staff member manages: its district's, street's or communities' own. */
export function staffWhere(actor: Principal): SQL {
  switch (actor.role) {
    case 'district_admin':
      return anyOf(sql`a.district_id`, actor.districtIds);
    case 'street_operator':
      return anyOf(sql`a.street_id`, actor.streetIds);
    case 'community_admin':
      return anyOf(sql`a.community_id`, actor.communityIds);
    default:
      return sql`false`;
  }
}

/** One activity an organiser manages: 404 when it does not exist, 403 OUT_OF_SCOPE outside the caller's area. */
export async function managedActivity(db: Db, actor: Principal, id: string): Promise<ActivityView> {
  const [a] = await activityViews(db, { where: sql`a.id = ${id}::uuid`, riderId: null });
  if (!a) throw notFound();
  if (!inScope(actor, { districtId: a.districtId, streetId: a.streetId, communityId: a.communityId })) {
    throw forbidden('OUT_OF_SCOPE');
  }
  return a;
}
