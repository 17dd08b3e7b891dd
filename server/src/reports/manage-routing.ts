import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { AdminTeam, StreetRouting, TeamCreateBody, TeamPatchBody } from '@nuanxin/shared/reports/schemas';
import { inScope, type Acting, type Principal } from '../auth/index.js';
import type { Db } from '../db/client.js';
import { categoryRoutes, reportCategories, streets, teams } from '../db/schema/index.js';
import { badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { teamAllowed } from './routing.js';
import { recordAudit } from '../audit/index.js';

type TeamRow = typeof teams.$inferSelect;
const auditTeam = (t: TeamRow) => ({ name: t.name, active: t.active, streetId: t.streetId });

// Teams and the category → team routing of a street (FixMyStreet's contacts), managed by the
// street's operator or its district admin. Routing decides the team of reports filed from now on;
// a report keeps the street and team it was routed to when it was filed.

type StreetRow = typeof streets.$inferSelect;

/** The street, if the principal manages it (its operator, or an admin of its district). */
async function managedStreet(db: Db, principal: Principal, streetId: string): Promise<StreetRow> {
  const [street] = await db.select().from(streets).where(eq(streets.id, streetId));
  if (!street) throw notFound();
  if (principal.role === 'rider' || !inScope(principal, { streetId: street.id, districtId: street.districtId })) {
    throw forbidden('OUT_OF_SCOPE');
  }
  return street;
}

/** A street's own team: its manager; a district-wide team: the district admin only. */
function assertTeamScope(principal: Principal, team: { districtId: string; streetId: string | null }): void {
  const ok =
    team.streetId === null
      ? principal.role === 'district_admin' && principal.districtIds.includes(team.districtId)
      : principal.role !== 'rider' && inScope(principal, { streetId: team.streetId, districtId: team.districtId });
  if (!ok) throw forbidden('OUT_OF_SCOPE');
}

/** The street's teams (its own and the district-wide ones) and one routing row per category. */
export async function streetRouting(ctx: Acting<ReportsContext>, input: { streetId: string }): Promise<StreetRouting> {
  const { db } = ctx;
  const street = await managedStreet(db, ctx.actor, input.streetId);
  const teamRows = await db
    .select({
      id: teams.id,
      name: teams.name,
      streetId: teams.streetId,
      active: teams.active,
      routes: sql<number>`(select count(*)::int from category_routes cr where cr.team_id = "teams"."id" and cr.street_id = ${street.id})`,
    })
    .from(teams)
    .where(and(eq(teams.districtId, street.districtId), or(eq(teams.streetId, street.id), isNull(teams.streetId))))
    .orderBy(sql`${teams.streetId} is null`, asc(teams.name));
  const routeRows = await db
    .select({
      id: reportCategories.id,
      code: reportCategories.code,
      name: reportCategories.name,
      icon: reportCategories.icon,
      active: reportCategories.active,
      teamId: categoryRoutes.teamId,
      teamName: teams.name,
    })
    .from(reportCategories)
    .leftJoin(
      categoryRoutes,
      and(eq(categoryRoutes.categoryId, reportCategories.id), eq(categoryRoutes.streetId, street.id)),
    )
    .leftJoin(teams, eq(teams.id, categoryRoutes.teamId))
    .orderBy(sql`not ${reportCategories.active}`, asc(reportCategories.sortOrder), asc(reportCategories.code));
  return {
    street: { id: street.id, code: street.code, name: street.name },
    teams: teamRows.map((t) => ({ ...t, routes: Number(t.routes) })),
    routes: routeRows.map(({ teamId, teamName, ...category }) => ({
      category,
      teamId: teamId ?? null,
      teamName: teamName ?? null,
    })),
  };
}

async function teamView(db: Db, id: string): Promise<AdminTeam> {
  const [row] = await db
    .select({
      id: teams.id,
      name: teams.name,
      streetId: teams.streetId,
      active: teams.active,
      routes: sql<number>`(select count(*)::int from category_routes cr where cr.team_id = "teams"."id")`,
    })
    .from(teams)
    .where(eq(teams.id, id));
  if (!row) throw notFound();
  return { ...row, routes: Number(row.routes) };
}

/** A team of a street (its operator or admin), or district-wide (no streetId; district admins only). */
export async function createTeam(ctx: Acting<ReportsContext>, input: TeamCreateBody): Promise<AdminTeam> {
  const { db, actor: principal } = ctx;
  let districtId: string;
  let streetId: string | null = null;
  if (input.streetId) {
    const street = await managedStreet(db, principal, input.streetId);
    districtId = street.districtId;
    streetId = street.id;
  } else {
    if (principal.role !== 'district_admin') throw badRequest('VALIDATION_FAILED', '请选择队伍所属的街道', 'streetId');
    const chosen = input.districtId ?? (principal.districtIds.length === 1 ? principal.districtIds[0] : undefined);
    if (!chosen) throw badRequest('VALIDATION_FAILED', '请选择队伍所属的区', 'districtId');
    if (!principal.districtIds.includes(chosen)) throw forbidden('OUT_OF_SCOPE');
    districtId = chosen;
  }
  const row = await db.transaction(async (tx) => {
    const [created] = await tx.insert(teams).values({ districtId, streetId, name: input.name.trim() }).returning();
    await recordAudit(tx as unknown as Db, {
      actor: principal,
      at: ctx.now(),
      action: 'team.create',
      target: { kind: 'team', id: created!.id },
      place: { districtId, streetId },
      before: null,
      after: auditTeam(created!),
    });
    return created!;
  });
  return teamView(db, row.id);
}

/**
 * Rename, deactivate or reactivate a team. A team some category route still points at cannot be
 * deactivated (reports would be routed to a team nobody dispatches to): TEAM_IN_USE. The team row
 * is locked, so a route being set to it at the same moment is ordered before or after the check.
 */
export async function updateTeam(
  ctx: Acting<ReportsContext>,
  input: { id: string; patch: TeamPatchBody },
): Promise<AdminTeam> {
  const { id, patch } = input;
  await ctx.db.transaction(async (tx) => {
    const [team] = await tx.select().from(teams).where(eq(teams.id, id)).for('update');
    if (!team) throw notFound();
    assertTeamScope(ctx.actor, team);
    if (patch.active === false && team.active) {
      const [route] = await tx.select().from(categoryRoutes).where(eq(categoryRoutes.teamId, id)).limit(1);
      if (route) throw conflict('TEAM_IN_USE');
    }
    const [updated] = await tx
      .update(teams)
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
      })
      .where(eq(teams.id, id))
      .returning();
    await recordAudit(tx as unknown as Db, {
      actor: ctx.actor,
      at: ctx.now(),
      action: 'team.update',
      target: { kind: 'team', id },
      place: { districtId: team.districtId, streetId: team.streetId },
      before: auditTeam(team),
      after: auditTeam(updated!),
    });
  });
  return teamView(ctx.db, id);
}

/**
 * Routes a category in a street to a team (the street's own or a district-wide one, active), or
 * unroutes it (teamId null: its reports arrive without a team and are dispatched by hand).
 */
export async function setCategoryRoute(
  ctx: Acting<ReportsContext>,
  input: { streetId: string; categoryId: string; teamId: string | null },
): Promise<StreetRouting> {
  const { categoryId } = input;
  const street = await managedStreet(ctx.db, ctx.actor, input.streetId);
  await ctx.db.transaction(async (tx) => {
    const [category] = await tx
      .select({ id: reportCategories.id })
      .from(reportCategories)
      .where(eq(reportCategories.id, categoryId));
    if (!category) throw badRequest('CATEGORY_UNKNOWN', undefined, 'categoryId');
    const [current] = await tx
      .select({ teamId: categoryRoutes.teamId })
      .from(categoryRoutes)
      .where(and(eq(categoryRoutes.categoryId, categoryId), eq(categoryRoutes.streetId, street.id)));
    await recordAudit(tx as unknown as Db, {
      actor: ctx.actor,
      at: ctx.now(),
      action: 'route.set',
      target: { kind: 'category_route', id: `${street.id}:${categoryId}` },
      place: { streetId: street.id, districtId: street.districtId },
      before: { categoryId, teamId: current?.teamId ?? null },
      after: { categoryId, teamId: input.teamId },
    });
    if (input.teamId === null) {
      await tx
        .delete(categoryRoutes)
        .where(and(eq(categoryRoutes.categoryId, categoryId), eq(categoryRoutes.streetId, street.id)));
      return;
    }
    // Lock the team so a concurrent deactivation cannot slip between the check and the write.
    await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId)).for('update');
    if (!(await teamAllowed(tx, input.teamId, { districtId: street.districtId, streetId: street.id }))) {
      throw badRequest('TEAM_UNKNOWN', undefined, 'teamId');
    }
    await tx
      .insert(categoryRoutes)
      .values({ categoryId, streetId: street.id, teamId: input.teamId })
      .onConflictDoUpdate({
        target: [categoryRoutes.categoryId, categoryRoutes.streetId],
        set: { teamId: input.teamId },
      });
  });
  return streetRouting(ctx, { streetId: street.id });
}
