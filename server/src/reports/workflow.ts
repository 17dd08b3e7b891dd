import { eq, sql } from 'drizzle-orm';
import {
  REPORT_ACTIONS,
  SYSTEM_ACTOR_ROLE,
  type ReportAction,
  type ReportState,
} from '@nuanxin/shared/reports/constants';
import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import { inScope, type Acting, type Principal } from '../auth/index.js';
import type { Db } from '../db/client.js';
import { reports, reportUpdates } from '../db/schema/index.js';
import { conflict, forbidden, notFound } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { selectReports, toDetail } from './views.js';

export type ReportForUpdate = typeof reports.$inferSelect;

/** Who writes an update: a person (their principal) or a job, which has no user. */
export interface Actor {
  userId: string | null;
  role: string;
}
/** The actor of updates written by jobs (the automatic close). */
export const SYSTEM_ACTOR: Actor = { userId: null, role: SYSTEM_ACTOR_ROLE };

/** Loads and row-locks a report; concurrent actions on one report queue up instead of racing. */
export async function lockReport(tx: Db, id: string): Promise<ReportForUpdate> {
  const [row] = await tx.select().from(reports).where(eq(reports.id, id)).for('update');
  if (!row) throw notFound();
  return row;
}

/** Staff act on reports of their street (operator) or district (admin); riders never. */
export function assertStaffScope(principal: Principal, report: Pick<ReportForUpdate, 'streetId' | 'districtId'>): void {
  if (principal.role === 'rider' || !inScope(principal, { streetId: report.streetId, districtId: report.districtId })) {
    throw forbidden('OUT_OF_SCOPE');
  }
}

/**
 * A crew member acts only on reports dispatched to one of its teams (and only the crew actions;
 * the rest is the street's). Everyone else: the street/district rule above.
 */
export function assertCrewOrStaffScope(
  principal: Principal,
  report: Pick<ReportForUpdate, 'streetId' | 'districtId' | 'teamId' | 'dispatchedAt'>,
): void {
  if (principal.role === 'crew_member') {
    if (!crewCovers(principal, report)) throw forbidden('OUT_OF_SCOPE');
    return;
  }
  assertStaffScope(principal, report);
}

/** The report was dispatched (at some point) to one of the crew member's teams. */
export function crewCovers(principal: Principal, report: Pick<ReportForUpdate, 'teamId' | 'dispatchedAt'>): boolean {
  return (
    principal.role === 'crew_member' && report.dispatchedAt !== null && inScope(principal, { teamId: report.teamId })
  );
}

const STAMP: Partial<Record<ReportAction, keyof ReportForUpdate>> = {
  accept: 'acceptedAt',
  reject: 'rejectedAt',
  dispatch: 'dispatchedAt',
  on_site: 'onSiteAt',
  fix: 'fixedAt',
  close: 'closedAt',
  city_close: 'closedAt',
};

export interface TransitionInput {
  reason?: string | null;
  note?: string;
  teamId?: string | null;
  /** Extra column changes on the report (e.g. reopen clears the fix stamps). */
  set?: Partial<ReportForUpdate>;
}

/**
 * The one way a report changes state: checks the workflow (no skipping, no going back), stamps
 * the SLA column, and appends the update row. Returns the update id (photos attach to it).
 */
export async function applyTransition(
  tx: Db,
  report: ReportForUpdate,
  action: ReportAction,
  actor: Actor,
  now: Date,
  input: TransitionInput = {},
): Promise<string> {
  const rule = REPORT_ACTIONS[action];
  if (!(rule.from as readonly string[]).includes(report.state)) throw conflict('INVALID_TRANSITION');
  const to: ReportState = rule.to;
  const stamp = STAMP[action];
  await tx
    .update(reports)
    .set({ state: to, updatedAt: now, ...(stamp ? { [stamp]: now } : {}), ...input.set })
    .where(eq(reports.id, report.id));
  const [update] = await tx
    .insert(reportUpdates)
    .values({
      reportId: report.id,
      actorId: actor.userId,
      actorRole: actor.role,
      action,
      fromState: report.state,
      toState: to,
      reason: input.reason ?? null,
      note: input.note ?? '',
      teamId: input.teamId ?? null,
      // Same-transaction statements share now(); clock_timestamp() keeps the timeline ordered.
      createdAt: sql`clock_timestamp()`,
    })
    .returning({ id: reportUpdates.id });
  report.state = to;
  return update!.id;
}

/**
 * The frame of every staff action on one report: in a transaction, lock it, check the caller's
 * street or district (or, for the crew actions, its team), run the step (on `tx`, at the context's `now`), then answer with the report
 * as the caller now sees it.
 */
export async function staffAction(
  ctx: Acting<ReportsContext>,
  id: string,
  step: (tx: Db, report: ReportForUpdate, now: Date) => Promise<void>,
  options: { crew?: boolean } = {},
): Promise<ReportDetail> {
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const report = await lockReport(tx, id);
    if (options.crew) assertCrewOrStaffScope(ctx.actor, report);
    else assertStaffScope(ctx.actor, report);
    await step(tx, report, now);
  });
  return loadDetail(ctx, id);
}

/** The report as the caller sees it, after a change. */
export async function loadDetail(ctx: Acting<ReportsContext>, id: string): Promise<ReportDetail> {
  const [row] = await selectReports(ctx.db).where(eq(reports.id, id));
  if (!row) throw notFound();
  return toDetail(ctx.db, row, ctx.actor, ctx.media, ctx.now(), { cityEnabled: ctx.config.city.url !== '' });
}
