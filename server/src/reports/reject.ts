import type { RejectReason } from '@nuanxin/shared/reports/constants';
import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import { badRequest } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { tellReporter } from './messages.js';
import { auditReport } from './audit.js';
import { applyTransition, staffAction } from './workflow.js';

/** 不予受理, always with a reason the rider is told. */
export async function rejectReport(
  ctx: Acting<ReportsContext>,
  input: { id: string; reason?: RejectReason; note?: string },
): Promise<ReportDetail> {
  if (!input.reason) throw badRequest('REJECT_REASON_REQUIRED', undefined, 'reason');
  const reason = input.reason;
  return staffAction(ctx, input.id, async (tx, report, now) => {
    const from = report.state;
    await applyTransition(tx, report, 'reject', ctx.actor, now, {
      reason,
      note: input.note ?? '',
      set: { rejectReason: reason },
    });
    await auditReport(tx, { actor: ctx.actor, report, action: 'report.reject', from, now, after: { reason } });
    await tellReporter(tx, report, 'report_rejected', now, { reason, ...(input.note ? { note: input.note } : {}) });
  });
}
