import { eq } from 'drizzle-orm';
import { OPEN_REPORT_STATES } from '@nuanxin/shared/reports/constants';
import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../../auth/index.js';
import { recordAudit } from '../../audit/index.js';
import { reportCategories } from '../../db/schema/index.js';
import { conflict } from '../../platform/app-error.js';
import type { ReportsContext } from '../context.js';
import { staffAction } from '../workflow.js';
import { cityConfigured, queueCityForward, serviceCodeFor } from './enqueue.js';
import { noteForwarded } from './forward.js';

/**
 * 转交12345 by a street operator (its street) or district admin (its district): an open report
 * the street cannot handle is queued for the city, with the reason note in its timeline and an
 * audit row, in one transaction under the report's row lock. Refused when forwarding is not
 * configured (409 CITY_NOT_CONFIGURED), the report is finished (409 REPORT_NOT_OPEN), or it was
 * forwarded already (409 ALREADY_FORWARDED: one forward per report, whoever decided first).
 */
export async function forwardToCity(
  ctx: Acting<ReportsContext>,
  input: { id: string; note?: string },
): Promise<ReportDetail> {
  const config = ctx.config.city;
  return staffAction(ctx, input.id, async (tx, report, now) => {
    if (!cityConfigured(config)) throw conflict('CITY_NOT_CONFIGURED');
    if (!OPEN_REPORT_STATES.includes(report.state as (typeof OPEN_REPORT_STATES)[number]))
      throw conflict('REPORT_NOT_OPEN');
    const [category] = await tx
      .select({ code: reportCategories.code })
      .from(reportCategories)
      .where(eq(reportCategories.id, report.categoryId));
    const queued = await queueCityForward(tx, config, {
      reportId: report.id,
      categoryCode: category!.code,
      reason: 'manual',
      requestedBy: ctx.actor.userId,
      now,
    });
    if (!queued) throw conflict('ALREADY_FORWARDED');
    const note = input.note?.trim() ?? '';
    await noteForwarded(tx, report.id, note, 'city_request', {
      userId: ctx.actor.userId,
      role: ctx.actor.role,
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: 'report.city_forward',
      target: { kind: 'report', id: report.id },
      place: { streetId: report.streetId, districtId: report.districtId },
      before: { state: report.state, cityForward: null },
      after: { state: report.state, cityForward: 'pending', serviceCode: serviceCodeFor(config, category!.code), note },
    });
  });
}
