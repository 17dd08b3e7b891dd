import type { CaseDetail, ReopenBody } from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import { badRequest, conflict } from '../platform/app-error.js';
import type { LegalContext } from './context.js';
import { closeDue, reopenUntil } from './deadlines.js';
import { tellRider } from './messages.js';
import { applyStep, riderStep } from './workflow.js';

/**
 * The rider asks for more within REOPEN_WITHIN_DAYS of the closing: the case goes back to its
 * mediator (调处中) or, without one, to 已受理, with a new close deadline; its outcome and rating
 * are cleared (the timeline keeps them).
 */
export async function reopenCase(ctx: Acting<LegalContext>, input: ReopenBody & { id: string }): Promise<CaseDetail> {
  const reason = input.reason.trim();
  if (!reason) throw badRequest('VALIDATION_FAILED', '请填写重新申请的理由', 'reason');
  return riderStep(ctx, input.id, async (tx, c, now) => {
    if (c.state !== 'closed' || !c.closedAt) throw conflict('INVALID_TRANSITION');
    if (now > reopenUntil(c.closedAt)) throw conflict('CASE_REOPEN_WINDOW_PASSED');
    const updateId = await applyStep(tx, c, 'reopen', ctx.actor, now, {
      note: reason,
      to: c.mediatorId ? 'mediating' : 'accepted',
      set: {
        closedAt: null,
        outcome: null,
        rating: null,
        ratingComment: null,
        ratedAt: null,
        closeDueAt: closeDue(now),
        reopenCount: c.reopenCount + 1,
      },
    });
    await tellRider(tx, c, updateId, { step: 'reopen' }, now);
  });
}
