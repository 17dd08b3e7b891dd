import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Principal } from '../auth/principal.js';
import { badRequest } from '../errors/app-error.js';
import type { ReportsContext } from './context.js';
import { teamAllowed } from './routing.js';
import { applyTransition, assertStaffScope, loadDetail, lockReport } from './workflow.js';

/** 派单 to a team of the street (or a district-wide team); default: the routed team. */
export async function dispatchReport(
  ctx: ReportsContext,
  principal: Principal,
  id: string,
  input: { teamId?: string; note?: string },
): Promise<ReportDetail> {
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const report = await lockReport(tx, id);
    assertStaffScope(principal, report);
    const teamId = input.teamId ?? report.teamId;
    if (!teamId || !(await teamAllowed(tx, teamId, report))) throw badRequest('TEAM_UNKNOWN', undefined, 'teamId');
    await applyTransition(tx, report, 'dispatch', principal, now, { teamId, note: input.note ?? '', set: { teamId } });
  });
  return loadDetail(ctx, principal, id);
}
