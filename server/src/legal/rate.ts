import type { CaseDetail, RateBody } from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import { conflict } from '../platform/app-error.js';
import type { LegalContext } from './context.js';
import { applyStep, riderStep } from './workflow.js';

/** The rider's rating (1–5) and comment of a closed case, once per closing. */
export async function rateCase(ctx: Acting<LegalContext>, input: RateBody & { id: string }): Promise<CaseDetail> {
  const comment = (input.comment ?? '').trim();
  return riderStep(ctx, input.id, async (tx, c, now) => {
    if (c.state !== 'closed') throw conflict('CASE_NOT_CLOSED');
    if (c.rating !== null) throw conflict('CASE_ALREADY_RATED');
    await applyStep(tx, c, 'rate', ctx.actor, now, {
      rating: input.rating,
      note: comment,
      set: { rating: input.rating, ratingComment: comment || null, ratedAt: now },
    });
  });
}
