import { and, asc, eq, inArray } from 'drizzle-orm';
import type { InvitationTargets } from '@nuanxin/shared/auth/schemas';
import { INVITABLE_ROLES, type Role, type StaffRole } from '@nuanxin/shared/auth/constants';
import { apartments, communities, merchants, streets, teams } from '../db/schema/index.js';
import type { Acting } from './actor.js';
import type { AuthContext } from './context.js';

/**
 * What the caller may invite people into, for the invitation page's pickers: the roles it may
 * issue and the active streets, communities, shops and teams of its scope. Gates come from the
 * access job's gate list of the chosen community.
 */
export async function invitationTargets(ctx: Acting<AuthContext>): Promise<InvitationTargets> {
  const { actor, db } = ctx;
  const roles = [...((INVITABLE_ROLES as Partial<Record<Role, readonly StaffRole[]>>)[actor.role] ?? [])];
  const empty: InvitationTargets = { roles, streets: [], communities: [], merchants: [], teams: [] };
  const district = actor.role === 'district_admin' && actor.districtIds.length > 0;
  const streetOp = actor.role === 'street_operator' && actor.streetIds.length > 0;
  const communityAdmin = actor.role === 'community_admin' && actor.communityIds.length > 0;
  if (!district && !streetOp && !communityAdmin) return empty;

  const streetRows = district
    ? await db
        .select({ id: streets.id, name: streets.name })
        .from(streets)
        .where(and(inArray(streets.districtId, actor.districtIds), eq(streets.active, true)))
        .orderBy(asc(streets.name))
    : [];
  const communityRows =
    district || communityAdmin
      ? await db
          .select({ id: communities.id, name: communities.name, streetName: streets.name })
          .from(communities)
          .innerJoin(streets, eq(streets.id, communities.streetId))
          .where(
            and(
              district ? inArray(streets.districtId, actor.districtIds) : inArray(communities.id, actor.communityIds),
              eq(communities.active, true),
            ),
          )
          .orderBy(asc(streets.name), asc(communities.name))
      : [];
  const merchantRows = district
    ? await db
        .select({ id: merchants.id, name: merchants.name, streetName: streets.name })
        .from(merchants)
        .innerJoin(streets, eq(streets.id, merchants.streetId))
        .where(and(inArray(streets.districtId, actor.districtIds), eq(merchants.active, true)))
        .orderBy(asc(streets.name), asc(merchants.name))
    : [];
  const teamRows =
    district || streetOp
      ? await db
          .select({ id: teams.id, name: teams.name, streetName: streets.name })
          .from(teams)
          .leftJoin(streets, eq(streets.id, teams.streetId))
          .where(
            and(
              district ? inArray(teams.districtId, actor.districtIds) : inArray(teams.streetId, actor.streetIds),
              eq(teams.active, true),
            ),
          )
          .orderBy(asc(teams.name))
      : [];
  const apartmentRows = district
    ? await db
        .select({ id: apartments.id, name: apartments.name })
        .from(apartments)
        .where(and(inArray(apartments.districtId, actor.districtIds), eq(apartments.active, true)))
        .orderBy(asc(apartments.name))
    : [];
  return {
    roles,
    streets: streetRows,
    communities: communityRows,
    merchants: merchantRows,
    teams: teamRows,
    apartments: apartmentRows,
  };
}
