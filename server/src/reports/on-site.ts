import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import type { ReportsContext } from './context.js';
import { applyTransition, staffAction } from './workflow.js';

/** 已到场: the team reached the spot (the "不到10分钟" figure is measured from here). */
export async function markOnSite(
  ctx: Acting<ReportsContext>,
  input: { id: string; note?: string },
): Promise<ReportDetail> {
  return staffAction(ctx, input.id, async (tx, report, now) => {
    await applyTransition(tx, report, 'on_site', ctx.actor, now, { note: input.note ?? '' });
  });
}
