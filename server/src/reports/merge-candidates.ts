import { eq, ne } from 'drizzle-orm';
import { MERGE_RADIUS_M } from '@nuanxin/shared/reports/constants';
import type { NearbyList } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import { reports } from '../db/schema/index.js';
import { notFound } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { openReportsNear, scopeCondition } from './queries.js';
import { assertStaffScope } from './workflow.js';

/**
 * What a report may be merged into: other open reports of its category and district, within the
 * caller's scope and MERGE_RADIUS_M, nearest first (the merge itself re-checks all of this).
 */
export async function mergeCandidates(ctx: Acting<ReportsContext>, input: { id: string }): Promise<NearbyList> {
  const principal = ctx.actor;
  const [report] = await ctx.db.select().from(reports).where(eq(reports.id, input.id));
  if (!report) throw notFound();
  assertStaffScope(principal, report);
  const scope = scopeCondition(principal);
  if (!scope) return { items: [] };
  return openReportsNear(ctx, report, MERGE_RADIUS_M, [
    scope,
    ne(reports.id, report.id),
    eq(reports.categoryId, report.categoryId),
    eq(reports.districtId, report.districtId),
  ]);
}
