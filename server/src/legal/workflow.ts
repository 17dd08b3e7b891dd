import { asc, eq } from 'drizzle-orm';
import type { CaseAction, CaseState } from '@nuanxin/shared/legal/constants';
import type { CaseDetail } from '@nuanxin/shared/legal/schemas';
import { inScope, type Acting, type Principal } from '../auth/index.js';
import type { Db } from '../db/client.js';
import { legalCases, legalCaseUpdates } from '../db/schema/index.js';
import { conflict, notFound } from '../platform/app-error.js';
import type { LegalContext } from './context.js';
import { toDetail } from './views.js';

export type CaseRow = typeof legalCases.$inferSelect;

/** Which states each step starts from and where it goes (`null`: the state stays). */
export const STEPS: Record<CaseAction, { from: readonly CaseState[]; to: CaseState | null }> = {
  submit: { from: [], to: 'submitted' },
  accept: { from: ['submitted'], to: 'accepted' },
  refer: { from: ['submitted'], to: 'referred' },
  assign: { from: ['accepted', 'mediating'], to: 'mediating' },
  appointment: { from: ['accepted', 'mediating'], to: null },
  note: { from: ['accepted', 'mediating'], to: null },
  attachment: { from: ['submitted', 'accepted', 'mediating'], to: null },
  close: { from: ['accepted', 'mediating'], to: 'closed' },
  rate: { from: ['closed'], to: null },
  reopen: { from: ['closed'], to: null },
};

/** The district's mediation centre: a mediator whose district holds the case. Nobody else handles it. */
export const handles = (p: Principal, c: Pick<CaseRow, 'districtId'>) =>
  p.role === 'mediator' && inScope(p, { districtId: c.districtId });
/** The rider who opened it. */
export const owns = (p: Principal, c: Pick<CaseRow, 'riderId'>) => p.role === 'rider' && p.userId === c.riderId;

/**
 * The one answer for "not yours": a case id that exists but is not the caller's (another rider's,
 * another district's) gets exactly what an id that does not exist gets, so a guessed id tells
 * nothing — not even that a case exists, nor in which district. (Roles that never handle cases are
 * refused by the routes, 403 FORBIDDEN, before any id is looked at.)
 */
export const caseNotFound = () => notFound('CASE_NOT_FOUND');

/** Only the rider and the district's mediators read a case; anyone else: 404 CASE_NOT_FOUND. */
export function assertReadable(p: Principal, c: CaseRow): void {
  if (owns(p, c) || handles(p, c)) return;
  throw caseNotFound();
}

/** Loads and row-locks a case; two mediators acting at once queue up instead of racing. */
export async function lockCase(tx: Db, id: string): Promise<CaseRow> {
  const [row] = await tx.select().from(legalCases).where(eq(legalCases.id, id)).for('update');
  if (!row) throw caseNotFound();
  return row;
}

export interface StepInput {
  note?: string;
  mediatorId?: string | null;
  appointmentAt?: Date | null;
  appointmentPlace?: string | null;
  stationId?: string | null;
  outcome?: string | null;
  rating?: number | null;
  /** Column changes on the case besides the state. */
  set?: Partial<CaseRow>;
  /** The state to go to when the step's own rule says "stays" (reopen: back to where it was). */
  to?: CaseState;
}

/**
 * The one way a case changes: checks the step is allowed from the current state (409 otherwise),
 * updates the case, and appends the timeline row. Returns the update's id.
 */
export async function applyStep(
  tx: Db,
  c: CaseRow,
  action: CaseAction,
  actor: Principal,
  now: Date,
  input: StepInput = {},
): Promise<string> {
  const rule = STEPS[action];
  if (!rule.from.includes(c.state as CaseState)) {
    throw conflict(action === 'attachment' ? 'CASE_NOT_OPEN' : 'INVALID_TRANSITION');
  }
  const to = input.to ?? rule.to ?? (c.state as CaseState);
  await tx
    .update(legalCases)
    .set({ state: to, updatedAt: now, ...input.set })
    .where(eq(legalCases.id, c.id));
  const [update] = await tx
    .insert(legalCaseUpdates)
    .values({
      caseId: c.id,
      actorId: actor.userId,
      actorRole: actor.role,
      action,
      fromState: c.state,
      toState: to,
      note: input.note ?? '',
      mediatorId: input.mediatorId ?? null,
      appointmentAt: input.appointmentAt ?? null,
      appointmentPlace: input.appointmentPlace ?? null,
      stationId: input.stationId ?? null,
      outcome: input.outcome ?? null,
      rating: input.rating ?? null,
      createdAt: now,
    })
    .returning({ id: legalCaseUpdates.id });
  Object.assign(c, input.set ?? {}, { state: to });
  return update!.id;
}

/**
 * The frame of a mediator's step: in one transaction lock the case, check the caller is the
 * district's centre, run the step at the context's `now`; answer the case as the caller sees it.
 */
export async function mediatorStep(
  ctx: Acting<LegalContext>,
  id: string,
  step: (tx: Db, c: CaseRow, now: Date) => Promise<void>,
): Promise<CaseDetail> {
  const now = ctx.now();
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const c = await lockCase(tx, id);
    if (!handles(ctx.actor, c)) throw caseNotFound();
    await step(tx, c, now);
  });
  return loadDetail(ctx, id);
}

/** The rider's own step (rate, reopen): another rider's case is not found. */
export async function riderStep(
  ctx: Acting<LegalContext>,
  id: string,
  step: (tx: Db, c: CaseRow, now: Date) => Promise<void>,
): Promise<CaseDetail> {
  const now = ctx.now();
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const c = await lockCase(tx, id);
    if (!owns(ctx.actor, c)) throw caseNotFound();
    await step(tx, c, now);
  });
  return loadDetail(ctx, id);
}

/** The case as the caller sees it (after the read check). */
export async function loadDetail(ctx: Acting<LegalContext>, id: string): Promise<CaseDetail> {
  const [row] = await ctx.db.select().from(legalCases).where(eq(legalCases.id, id));
  if (!row) throw caseNotFound();
  assertReadable(ctx.actor, row);
  return toDetail(ctx, row);
}

export const updatesOf = (db: Db, caseId: string) =>
  db.select().from(legalCaseUpdates).where(eq(legalCaseUpdates.caseId, caseId)).orderBy(asc(legalCaseUpdates.seq));
