import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Principal } from '../auth/principal.js';
import { reportEvents } from '../db/schema/index.js';
import type { ReportsContext } from './context.js';
import { tellReporter } from './messages.js';
import { applyTransition, assertStaffScope, loadDetail, lockReport } from './workflow.js';

/**
 * 受理. Emits `report.accepted` in the same transaction (the points ledger's input): unique per
 * report, so reopening and accepting again never credits twice.
 */
export async function acceptReport(
  ctx: ReportsContext,
  principal: Principal,
  id: string,
  input: { note?: string },
): Promise<ReportDetail> {
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const report = await lockReport(tx, id);
    assertStaffScope(principal, report);
    await applyTransition(tx, report, 'accept', principal, now, { note: input.note ?? '' });
    const credited = await tx
      .insert(reportEvents)
      .values({
        kind: 'report.accepted',
        reportId: report.id,
        riderId: report.reporterId,
        payload: { points: ctx.config.pointsPerReport, acceptedBy: principal.userId },
      })
      .onConflictDoNothing()
      .returning({ id: reportEvents.id });
    await tellReporter(tx, report, 'report_accepted', now, {
      ...(input.note ? { note: input.note } : {}),
      points: credited.length > 0 ? ctx.config.pointsPerReport : 0,
    });
  });
  return loadDetail(ctx, principal, id);
}
