import { eq, sql } from 'drizzle-orm';
import { OPEN_REPORT_STATES } from '@nuanxin/shared/reports/constants';
import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import { reports } from '../db/schema/index.js';
import { conflict } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { tellReporter } from './messages.js';
import { auditReport } from './audit.js';
import { applyTransition, assertStaffScope, loadDetail, lockReport } from './workflow.js';

/**
 * Staff merge a duplicate into an open report: the duplicate is rejected as `duplicate` (its
 * reporter is told), and counts as one more "我也遇到" on the report that stays.
 */
export async function mergeReport(
  ctx: Acting<ReportsContext>,
  input: { id: string; intoId: string },
): Promise<ReportDetail> {
  const { id } = input;
  const principal = ctx.actor;
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    // Lock in id order so two opposite merges cannot deadlock.
    const [first, second] = [id, input.intoId].sort();
    const a = await lockReport(tx, first!);
    const b = first === second ? a : await lockReport(tx, second!);
    const dup = a.id === id ? a : b;
    const into = a.id === id ? b : a;
    assertStaffScope(principal, dup);
    assertStaffScope(principal, into);
    if (dup.id === into.id || !OPEN_REPORT_STATES.includes(into.state as never) || into.districtId !== dup.districtId) {
      throw conflict('MERGE_TARGET_INVALID');
    }
    const from = dup.state;
    await applyTransition(tx, dup, 'reject', principal, now, {
      reason: 'duplicate',
      note: `已合并到 ${into.id}`,
      set: { rejectReason: 'duplicate', duplicateOfId: into.id },
    });
    await tx
      .update(reports)
      .set({ confirmations: sql`${reports.confirmations} + 1`, updatedAt: now })
      .where(eq(reports.id, into.id));
    await auditReport(tx, {
      actor: principal,
      report: dup,
      action: 'report.merge',
      from,
      now,
      after: { duplicateOf: into.id },
    });
    await tellReporter(tx, dup, 'report_rejected', now, {
      reason: 'duplicate',
      note: '已有人上报同一问题，已合并处理',
    });
  });
  return loadDetail(ctx, id);
}
