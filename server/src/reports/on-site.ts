import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Principal } from '../auth/principal.js';
import type { ReportsContext } from './context.js';
import { applyTransition, staffAction } from './workflow.js';

/** 已到场: the team reached the spot (the "不到10分钟" figure is measured from here). */
export async function markOnSite(
  ctx: ReportsContext,
  principal: Principal,
  id: string,
  input: { note?: string },
): Promise<ReportDetail> {
  return staffAction(ctx, principal, id, async (tx, report, now) => {
    await applyTransition(tx, report, 'on_site', principal, now, { note: input.note ?? '' });
  });
}
