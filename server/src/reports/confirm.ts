import { eq, sql } from 'drizzle-orm';
import { OPEN_REPORT_STATES } from '@nuanxin/shared/reports/constants';
import type { Acting } from '../auth/index.js';
import { reportConfirmations, reports } from '../db/schema/index.js';
import { conflict } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { lockReport } from './workflow.js';

/** "我也遇到": one per rider and open report, instead of a second report of the same hazard. */
export async function confirmReport(
  ctx: Acting<ReportsContext>,
  input: { id: string },
): Promise<{ confirmations: number }> {
  const { id } = input;
  const principal = ctx.actor;
  return ctx.db.transaction(async (tx) => {
    const report = await lockReport(tx, id);
    if (report.reporterId === principal.userId) throw conflict('OWN_REPORT');
    if (!OPEN_REPORT_STATES.includes(report.state as never)) throw conflict('REPORT_NOT_OPEN');
    const added = await tx
      .insert(reportConfirmations)
      .values({ reportId: id, userId: principal.userId })
      .onConflictDoNothing()
      .returning({ reportId: reportConfirmations.reportId });
    if (added.length === 0) throw conflict('ALREADY_CONFIRMED');
    const [row] = await tx
      .update(reports)
      .set({ confirmations: sql`${reports.confirmations} + 1` })
      .where(eq(reports.id, id))
      .returning({ confirmations: reports.confirmations });
    return { confirmations: row!.confirmations };
  });
}
