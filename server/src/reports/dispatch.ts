import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Principal } from '../auth/principal.js';
import { badRequest } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { teamAllowed } from './routing.js';
import { applyTransition, staffAction } from './workflow.js';

/** 派单 to a team of the street (or a district-wide team); default: the routed team. */
export async function dispatchReport(
  ctx: ReportsContext,
  principal: Principal,
  id: string,
  input: { teamId?: string; note?: string },
): Promise<ReportDetail> {
  return staffAction(ctx, principal, id, async (tx, report, now) => {
    const teamId = input.teamId ?? report.teamId;
    if (!teamId || !(await teamAllowed(tx, teamId, report))) throw badRequest('TEAM_UNKNOWN', undefined, 'teamId');
    await applyTransition(tx, report, 'dispatch', principal, now, { teamId, note: input.note ?? '', set: { teamId } });
  });
}
