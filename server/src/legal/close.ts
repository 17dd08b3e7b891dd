import type { CaseDetail, CloseBody } from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import { badRequest } from '../platform/app-error.js';
import type { LegalContext } from './context.js';
import { auditStep, tellRider } from './messages.js';
import { applyStep, mediatorStep } from './workflow.js';

/** 反馈: the case is closed with its outcome; the rider may rate it, and reopen within the window. */
export async function closeCase(ctx: Acting<LegalContext>, input: CloseBody & { id: string }): Promise<CaseDetail> {
  const note = input.note.trim();
  if (!note) throw badRequest('VALIDATION_FAILED', '请填写办结说明', 'note');
  return mediatorStep(ctx, input.id, async (tx, c, now) => {
    const before = { state: c.state };
    const updateId = await applyStep(tx, c, 'close', ctx.actor, now, {
      note,
      outcome: input.outcome,
      set: { outcome: input.outcome, closedAt: now, rating: null, ratingComment: null, ratedAt: null },
    });
    await auditStep(tx, ctx.actor, c, 'close', now, before, { state: c.state, outcome: input.outcome });
    await tellRider(tx, c, updateId, { step: 'close', outcome: input.outcome }, now);
  });
}
