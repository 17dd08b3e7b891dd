import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Principal } from '../auth/principal.js';
import type { ReportsContext } from './context.js';
import { applyTransition, assertStaffScope, loadDetail, lockReport } from './workflow.js';

/** 办结 a fixed report. */
export async function closeReport(
  ctx: ReportsContext,
  principal: Principal,
  id: string,
  input: { note?: string },
): Promise<ReportDetail> {
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const report = await lockReport(tx, id);
    assertStaffScope(principal, report);
    await applyTransition(tx, report, 'close', principal, now, { note: input.note ?? '' });
  });
  return loadDetail(ctx, principal, id);
}
