import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import type { ReportsContext } from './context.js';
import { applyTransition, staffAction } from './workflow.js';

/**
 * 已到场: the team reached the spot (the "不到10分钟" figure is measured from here). The street's
 * staff, or a crew member of the team the report was dispatched to.
 */
export async function markOnSite(
  ctx: Acting<ReportsContext>,
  input: { id: string; note?: string },
): Promise<ReportDetail> {
  return staffAction(
    ctx,
    input.id,
    async (tx, report, now) => {
      const before = { state: report.state };
      await applyTransition(tx, report, 'on_site', ctx.actor, now, { note: input.note ?? '' });
      await recordAudit(tx, {
        actor: ctx.actor,
        at: now,
        action: 'report.on_site',
        target: { kind: 'report', id: report.id },
        place: { streetId: report.streetId, districtId: report.districtId },
        before,
        after: { state: report.state, teamId: report.teamId },
      });
    },
    { crew: true },
  );
}
