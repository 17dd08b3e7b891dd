import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categoryRoutes, districts, streets, teams } from '../db/schema/index.js';

export interface Routed {
  districtId: string;
  streetId: string | null;
  teamId: string | null;
}

/**
 * Which street covers a GCJ-02 point (GiST on streets.boundary answers `@>`), and which team that
 * street set for the category. No street: the district queue (street null). No district: null.
 */
export async function routeReport(db: Db, categoryId: string, lng: number, lat: number): Promise<Routed | null> {
  const point = sql`point(${lng}, ${lat})`;
  const [street] = await db
    .select({ id: streets.id, districtId: streets.districtId })
    .from(streets)
    .where(sql`${streets.boundary} @> ${point}`)
    .orderBy(streets.code)
    .limit(1);
  if (street) {
    const [route] = await db
      .select({ teamId: categoryRoutes.teamId })
      .from(categoryRoutes)
      .where(and(eq(categoryRoutes.categoryId, categoryId), eq(categoryRoutes.streetId, street.id)));
    return { districtId: street.districtId, streetId: street.id, teamId: route?.teamId ?? null };
  }
  const [district] = await db
    .select({ id: districts.id })
    .from(districts)
    .where(sql`${districts.boundary} @> ${point}`)
    .limit(1);
  return district ? { districtId: district.id, streetId: null, teamId: null } : null;
}

/** Teams a dispatch (or a route) may choose: the street's own active ones, and the district-wide ones. */
export async function teamAllowed(db: Db, teamId: string, report: { districtId: string; streetId: string | null }) {
  const [team] = await db.select().from(teams).where(eq(teams.id, teamId));
  if (!team || !team.active || team.districtId !== report.districtId) return false;
  return team.streetId === null || team.streetId === report.streetId;
}
