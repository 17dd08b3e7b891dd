import { REOPEN_WINDOW_DAYS } from '@nuanxin/shared/reports/constants';
import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import { forbidden, AppError } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { applyTransition, loadDetail, lockReport } from './workflow.js';

/**
 * The reporter says it is not fixed after all, within 7 days of the fix: back to 已受理 for a new
 * dispatch. The fix stamps are cleared on the report; the history keeps every step.
 */
export async function reopenReport(
  ctx: Acting<ReportsContext>,
  input: { id: string; note: string },
): Promise<ReportDetail> {
  const { id } = input;
  const principal = ctx.actor;
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const report = await lockReport(tx, id);
    if (report.reporterId !== principal.userId) throw forbidden('NOT_REPORTER');
    // Closed by the city (12345 办结, never fixed by the street): the city's to reopen, not ours.
    if ((report.state === 'fixed' || report.state === 'closed') && !report.fixedAt)
      throw new AppError(409, 'INVALID_TRANSITION');
    if (report.fixedAt && now.getTime() - report.fixedAt.getTime() > REOPEN_WINDOW_DAYS * 86400_000) {
      throw new AppError(409, 'REOPEN_WINDOW_PASSED');
    }
    await applyTransition(tx, report, 'reopen', principal, now, {
      note: input.note,
      set: { dispatchedAt: null, onSiteAt: null, fixedAt: null, closedAt: null },
    });
  });
  return loadDetail(ctx, id);
}
