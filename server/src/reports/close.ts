import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Principal } from '../auth/principal.js';
import type { ReportsContext } from './context.js';
import { applyTransition, staffAction } from './workflow.js';

/** 办结 a fixed report. */
export async function closeReport(
  ctx: ReportsContext,
  principal: Principal,
  id: string,
  input: { note?: string },
): Promise<ReportDetail> {
  return staffAction(ctx, principal, id, async (tx, report, now) => {
    await applyTransition(tx, report, 'close', principal, now, { note: input.note ?? '' });
  });
}
