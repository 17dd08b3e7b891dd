import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import { eq } from 'drizzle-orm';
import type { Acting } from '../auth/index.js';
import { reportEvents } from '../db/schema/index.js';
import { creditForReport } from '../points/index.js';
import type { ReportsContext } from './context.js';
import { tellReporter } from './messages.js';
import { auditReport } from './audit.js';
import { applyTransition, staffAction } from './workflow.js';

/**
 * 受理. Records `report.accepted` and credits the reporter's points in the same transaction, so an
 * accepted report and its points land together or not at all. Both are unique per report (the
 * event by report id, the transfer by an id derived from it), so reopening and accepting again,
 * or two operators accepting at once, credit once. A partner report (Open311) earns nothing: its
 * reporter is the partner's system account, not a rider, so the event records 0 points.
 */
export async function acceptReport(
  ctx: Acting<ReportsContext>,
  input: { id: string; note?: string },
): Promise<ReportDetail> {
  const { actor } = ctx;
  return staffAction(ctx, input.id, async (tx, report, now) => {
    const from = report.state;
    await applyTransition(tx, report, 'accept', actor, now, { note: input.note ?? '' });
    await auditReport(tx, { actor, report, action: 'report.accept', from, now });
    const [event] = await tx
      .insert(reportEvents)
      .values({
        kind: 'report.accepted',
        reportId: report.id,
        riderId: report.reporterId,
        payload: { acceptedBy: actor.userId, source: report.source },
      })
      .onConflictDoNothing()
      .returning({ id: reportEvents.id });
    let points = 0;
    if (event) {
      if (report.source === 'app') {
        const outcome = await creditForReport(
          tx,
          { reportId: report.id, riderId: report.reporterId },
          { expiryDays: ctx.pointsExpiryDays, now },
        );
        points = outcome.status === 'credited' ? outcome.transfer.amount : 0;
      }
      await tx
        .update(reportEvents)
        .set({ processedAt: now, payload: { acceptedBy: actor.userId, source: report.source, points } })
        .where(eq(reportEvents.id, event.id));
    }
    await tellReporter(tx, report, 'report_accepted', now, {
      ...(input.note ? { note: input.note } : {}),
      points,
    });
  });
}
