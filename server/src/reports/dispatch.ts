import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import { badRequest } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { teamAllowed } from './routing.js';
import { applyTransition, staffAction } from './workflow.js';

/** 派单 to a team of the street (or a district-wide team); default: the routed team. */
export async function dispatchReport(
  ctx: Acting<ReportsContext>,
  input: { id: string; teamId?: string; note?: string },
): Promise<ReportDetail> {
  return staffAction(ctx, input.id, async (tx, report, now) => {
    const teamId = input.teamId ?? report.teamId;
    if (!teamId || !(await teamAllowed(tx, teamId, report))) throw badRequest('TEAM_UNKNOWN', undefined, 'teamId');
    await applyTransition(tx, report, 'dispatch', ctx.actor, now, { teamId, note: input.note ?? '', set: { teamId } });
  });
}
