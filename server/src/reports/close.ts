import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import type { ReportsContext } from './context.js';
import { auditReport } from './audit.js';
import { applyTransition, staffAction } from './workflow.js';

/** 办结 a fixed report. */
export async function closeReport(
  ctx: Acting<ReportsContext>,
  input: { id: string; note?: string },
): Promise<ReportDetail> {
  return staffAction(ctx, input.id, async (tx, report, now) => {
    const from = report.state;
    await applyTransition(tx, report, 'close', ctx.actor, now, { note: input.note ?? '' });
    await auditReport(tx, { actor: ctx.actor, report, action: 'report.close', from, now });
  });
}
