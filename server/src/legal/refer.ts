import type { CaseDetail, ReferBody } from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import { badRequest } from '../platform/app-error.js';
import type { LegalContext } from './context.js';
import { auditStep, tellRider } from './messages.js';
import { applyStep, mediatorStep } from './workflow.js';

/** 转介: not for this centre (a court, 劳动仲裁, another district) — where to and why, told to the rider. */
export async function referCase(ctx: Acting<LegalContext>, input: ReferBody & { id: string }): Promise<CaseDetail> {
  const referredTo = input.referredTo.trim();
  const reason = input.reason.trim();
  if (!referredTo) throw badRequest('VALIDATION_FAILED', '请填写转介去向', 'referredTo');
  if (!reason) throw badRequest('VALIDATION_FAILED', '请填写转介理由', 'reason');
  return mediatorStep(ctx, input.id, async (tx, c, now) => {
    const before = { state: c.state };
    const updateId = await applyStep(tx, c, 'refer', ctx.actor, now, {
      note: reason,
      set: { referredTo, referredAt: now },
    });
    await auditStep(tx, ctx.actor, c, 'refer', now, before, { state: c.state });
    await tellRider(tx, c, updateId, { step: 'refer', referredTo }, now);
  });
}
