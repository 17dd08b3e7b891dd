import { and, eq } from 'drizzle-orm';
import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import type { Db } from '../db/client.js';
import { reportCategories, staffScopes, users } from '../db/schema/index.js';
import { badRequest } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { tellCrew } from './crew-messages.js';
import { teamAllowed } from './routing.js';
import { applyTransition, staffAction } from './workflow.js';

/** An active crew member account of the team, or null. */
export async function activeCrewMember(db: Db, teamId: string, userId: string): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(staffScopes, and(eq(staffScopes.userId, users.id), eq(staffScopes.kind, 'team')))
    .where(
      and(
        eq(users.id, userId),
        eq(users.role, 'crew_member'),
        eq(users.status, 'active'),
        eq(staffScopes.refId, teamId),
      ),
    );
  return row ?? null;
}

/**
 * 派单 to a team of the street (or a district-wide team; default: the routed team), optionally
 * naming one of its crew members. Sets the on-site deadline (dispatch + the category's on-site
 * minutes), tells the crew (the named member, or every member of the team) and audits the write.
 */
export async function dispatchReport(
  ctx: Acting<ReportsContext>,
  input: { id: string; teamId?: string; assigneeId?: string; note?: string },
): Promise<ReportDetail> {
  return staffAction(ctx, input.id, async (tx, report, now) => {
    const teamId = input.teamId ?? report.teamId;
    if (!teamId || !(await teamAllowed(tx, teamId, report))) throw badRequest('TEAM_UNKNOWN', undefined, 'teamId');
    const assigneeId = input.assigneeId ?? null;
    if (assigneeId && !(await activeCrewMember(tx, teamId, assigneeId)))
      throw badRequest('ASSIGNEE_NOT_IN_TEAM', undefined, 'assigneeId');
    const [category] = await tx
      .select({ onSiteWithinMinutes: reportCategories.onSiteWithinMinutes })
      .from(reportCategories)
      .where(eq(reportCategories.id, report.categoryId));
    const onSiteDueAt = new Date(now.getTime() + (category?.onSiteWithinMinutes ?? 30) * 60_000);
    const before = { state: report.state, teamId: report.teamId, assigneeId: report.assigneeId };
    await applyTransition(tx, report, 'dispatch', ctx.actor, now, {
      teamId,
      note: input.note ?? '',
      set: { teamId, assigneeId, onSiteDueAt },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: 'report.dispatch',
      target: { kind: 'report', id: report.id },
      place: { streetId: report.streetId, districtId: report.districtId },
      before,
      after: { state: report.state, teamId, assigneeId, onSiteDueAt: onSiteDueAt.toISOString() },
    });
    await tellCrew(tx, { ...report, teamId, assigneeId, onSiteDueAt }, now);
  });
}
