import { and, asc, desc, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { DUPLICATE_RADIUS_M, OPEN_REPORT_STATES, REPORT_STATE_GROUPS } from '@nuanxin/shared/reports/constants';
import type {
  CrewQueueQuery,
  NearbyList,
  NearbyReportsQuery,
  QueueQuery,
  Report,
  ReportCategory,
  ReportDetail,
  Team,
} from '@nuanxin/shared/reports/schemas';
import { inScope, type Acting, type Principal } from '../auth/index.js';

import { reportCategories, reportPhotos, reports, staffScopes, streets, teams, users } from '../db/schema/index.js';
import { forbidden, notFound } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { selectReports, toDetail, toViews } from './views.js';
import { crewCovers } from './workflow.js';

export async function listCategories(ctx: ReportsContext): Promise<ReportCategory[]> {
  return ctx.db
    .select({
      id: reportCategories.id,
      code: reportCategories.code,
      name: reportCategories.name,
      icon: reportCategories.icon,
      acceptWithinMinutes: reportCategories.acceptWithinMinutes,
      fixWithinHours: reportCategories.fixWithinHours,
      onSiteWithinMinutes: reportCategories.onSiteWithinMinutes,
    })
    .from(reportCategories)
    .where(eq(reportCategories.active, true))
    .orderBy(asc(reportCategories.sortOrder), asc(reportCategories.code));
}

/**
 * Open reports of the category within 250 m: offered as "我也遇到" before a new submission (the
 * rider's own ones come back as `mine`, so the app offers no 我也遇到 the server would refuse).
 */
export async function nearbyOpenReports(ctx: Acting<ReportsContext>, q: NearbyReportsQuery): Promise<NearbyList> {
  const p = q.coordSystem === 'wgs84' ? wgs84ToGcj02({ lng: q.lng, lat: q.lat }) : { lng: q.lng, lat: q.lat };
  return openReportsNear(ctx, p, DUPLICATE_RADIUS_M, [eq(reportCategories.code, q.category)]);
}

/**
 * Open reports within `radiusM` of a GCJ-02 point that also meet `conditions`, nearest first, as
 * duplicate candidates (the rider's "我也遇到", the operator's merge).
 */
export async function openReportsNear(
  ctx: Acting<ReportsContext>,
  p: { lat: number; lng: number },
  radiusM: number,
  conditions: SQL[],
  limit = 10,
): Promise<NearbyList> {
  const distance = metresFrom(p);
  // Degrees spanning the radius (a longitude degree shrinks with the latitude), for the index-friendly box.
  const dLat = radiusM / 111_000 + 0.0005;
  const dLng = radiusM / (111_000 * Math.max(Math.cos((p.lat * Math.PI) / 180), 0.01)) + 0.0005;
  const rows = await ctx.db
    .select({
      id: reports.id,
      code: reportCategories.code,
      name: reportCategories.name,
      icon: reportCategories.icon,
      description: reports.description,
      state: reports.state,
      confirmations: reports.confirmations,
      createdAt: reports.createdAt,
      reporterId: reports.reporterId,
      distanceM: distance,
      photoId: sql<
        string | null
      >`(select ${reportPhotos.id} from ${reportPhotos} where ${reportPhotos.reportId} = ${reports.id} and ${reportPhotos.updateId} is null and ${reportPhotos.purgedAt} is null order by ${reportPhotos.position} limit 1)`,
    })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .where(
      and(
        ...conditions,
        inArray(reports.state, [...OPEN_REPORT_STATES]),
        // Bounding box first (index-friendly), exact great-circle distance second.
        sql`${reports.lat} between ${p.lat - dLat} and ${p.lat + dLat}`,
        sql`${reports.lng} between ${p.lng - dLng} and ${p.lng + dLng}`,
        sql`${distance} <= ${radiusM}`,
      ),
    )
    .orderBy(distance)
    .limit(limit);
  return {
    items: rows.map((r) => ({
      id: r.id,
      category: { code: r.code, name: r.name, icon: r.icon },
      description: r.description,
      state: r.state as Report['state'],
      distanceM: Math.round(Number(r.distanceM)),
      confirmations: r.confirmations,
      createdAt: r.createdAt.toISOString(),
      thumbUrl: r.photoId ? ctx.media.url(r.photoId, 'thumb') : null,
      mine: r.reporterId === ctx.actor.userId,
    })),
  };
}

/** A report: its reporter, or staff whose street/district covers it. */
export async function getReport(ctx: Acting<ReportsContext>, input: { id: string }): Promise<ReportDetail> {
  const principal = ctx.actor;
  const [row] = await selectReports(ctx.db).where(eq(reports.id, input.id));
  if (!row) throw notFound();
  const staffOk =
    principal.role === 'crew_member'
      ? crewCovers(principal, row)
      : principal.role !== 'rider' && inScope(principal, { streetId: row.streetId, districtId: row.districtId });
  if (row.reporterId !== principal.userId && !staffOk) throw forbidden('OUT_OF_SCOPE');
  return toDetail(ctx.db, row, principal, ctx.media, ctx.now(), { cityEnabled: ctx.config.city.url !== '' });
}

/** The caller's own reports, newest first (the last 100). */
export async function listMine(ctx: Acting<ReportsContext>): Promise<Report[]> {
  const principal = ctx.actor;
  const rows = await selectReports(ctx.db)
    .where(eq(reports.reporterId, principal.userId))
    .orderBy(desc(reports.createdAt))
    .limit(100);
  return toViews(ctx.db, rows, principal, ctx.media, ctx.now());
}

/** What the staff member covers, as a condition on reports; null = nothing (deny by default). */
export function scopeCondition(principal: Principal): SQL | null {
  if (principal.role === 'street_operator' && principal.streetIds.length > 0)
    return inArray(reports.streetId, principal.streetIds);
  if (principal.role === 'district_admin' && principal.districtIds.length > 0)
    return inArray(reports.districtId, principal.districtIds);
  return null;
}

/**
 * A report's distance in metres from `p` (GCJ-02): great_circle_m (the geo job's SQL function),
 * earth_distance's figure in arithmetic the planner inlines, not a SQL function run for every row.
 */
export const metresFrom = (p: { lat: number; lng: number }) =>
  sql<number>`great_circle_m(${p.lat}, ${p.lng}, ${reports.lat}, ${reports.lng})`;

/**
 * Next deadline: accepting while submitted, being on site while dispatched (or fixing, if that is
 * sooner), fixing afterwards. The queues are sorted by it and "overdue" compares it with now.
 */
export const dueAt = sql`case when ${reports.state} = 'submitted' then ${reports.acceptDueAt}
  when ${reports.state} = 'dispatched' then least(coalesce(${reports.onSiteDueAt}, ${reports.fixDueAt}), ${reports.fixDueAt})
  else ${reports.fixDueAt} end`;

/** The staff queue of the caller's street or district, by next deadline, then by confirmations. */
export async function staffQueue(ctx: Acting<ReportsContext>, q: QueueQuery): Promise<Report[]> {
  const principal = ctx.actor;
  const scope = scopeCondition(principal);
  if (!scope) return [];
  const group = q.group ?? 'open';
  const conditions: SQL[] = [scope];
  if (group !== 'all') conditions.push(inArray(reports.state, [...REPORT_STATE_GROUPS[group]]));
  if (q.overdue) conditions.push(sql`${dueAt} < ${ctx.now()}`, inArray(reports.state, [...OPEN_REPORT_STATES]));
  const rows = await selectReports(ctx.db)
    .where(and(...conditions))
    .orderBy(asc(dueAt), desc(reports.confirmations))
    .limit(q.limit ?? 50);
  return toViews(ctx.db, rows, principal, ctx.media, ctx.now());
}

/** Active teams a dispatch may choose: the operator's streets' and their districts' ones, or the admin's district's. */
export async function listTeams(ctx: Acting<ReportsContext>): Promise<Team[]> {
  const principal = ctx.actor;
  const conditions: SQL[] = [];
  if (principal.role === 'street_operator' && principal.streetIds.length > 0) {
    const district = await ctx.db
      .select({ id: streets.districtId })
      .from(streets)
      .where(inArray(streets.id, principal.streetIds));
    conditions.push(inArray(teams.streetId, principal.streetIds));
    if (district.length > 0)
      conditions.push(
        and(
          sql`${teams.streetId} is null`,
          inArray(
            teams.districtId,
            district.map((d) => d.id),
          ),
        )!,
      );
  }
  if (principal.role === 'district_admin' && principal.districtIds.length > 0)
    conditions.push(inArray(teams.districtId, principal.districtIds));
  if (conditions.length === 0) return [];
  const list = await ctx.db
    .select({ id: teams.id, name: teams.name, streetId: teams.streetId })
    .from(teams)
    .where(and(eq(teams.active, true), or(...conditions)))
    .orderBy(teams.name);
  if (list.length === 0) return [];
  const members = await ctx.db
    .select({ teamId: staffScopes.refId, id: users.id, name: users.displayName })
    .from(staffScopes)
    .innerJoin(users, eq(users.id, staffScopes.userId))
    .where(
      and(
        eq(staffScopes.kind, 'team'),
        inArray(
          staffScopes.refId,
          list.map((t) => t.id),
        ),
        eq(users.role, 'crew_member'),
        eq(users.status, 'active'),
      ),
    )
    .orderBy(users.displayName);
  return list.map((t) => ({
    ...t,
    members: members.filter((m) => m.teamId === t.id).map((m) => ({ id: m.id, name: m.name })),
  }));
}

/**
 * The crew's own queue: reports dispatched to one of its teams. Open (dispatched, on site) are
 * sorted by the next deadline — the ones named to the caller first among equals — done (fixed,
 * closed) by the fix, newest first.
 */
export async function crewQueue(ctx: Acting<ReportsContext>, q: CrewQueueQuery): Promise<Report[]> {
  const principal = ctx.actor;
  if (principal.role !== 'crew_member' || principal.teamIds.length === 0) return [];
  const group = q.group ?? 'open';
  const rows = await selectReports(ctx.db)
    .where(
      and(
        inArray(reports.teamId, principal.teamIds),
        isNotNull(reports.dispatchedAt),
        inArray(reports.state, group === 'open' ? ['dispatched', 'on_site'] : ['fixed', 'closed']),
      ),
    )
    .orderBy(
      ...(group === 'open'
        ? [asc(dueAt), sql`${reports.assigneeId} = ${principal.userId} desc nulls last`, desc(reports.createdAt)]
        : [desc(reports.fixedAt), desc(reports.createdAt)]),
    )
    .limit(q.limit ?? 50);
  return toViews(ctx.db, rows, principal, ctx.media, ctx.now());
}
