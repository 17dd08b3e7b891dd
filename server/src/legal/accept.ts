import type { CaseDetail } from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import type { LegalContext } from './context.js';
import { closeDue } from './deadlines.js';
import { auditStep, tellRider } from './messages.js';
import { applyStep, mediatorStep } from './workflow.js';

/** 受理: the centre takes the case on; the close deadline starts now. */
export async function acceptCase(ctx: Acting<LegalContext>, input: { id: string }): Promise<CaseDetail> {
  return mediatorStep(ctx, input.id, async (tx, c, now) => {
    const before = { state: c.state };
    const updateId = await applyStep(tx, c, 'accept', ctx.actor, now, {
      set: { acceptedAt: now, closeDueAt: closeDue(now) },
    });
    await auditStep(tx, ctx.actor, c, 'accept', now, before, { state: c.state });
    await tellRider(tx, c, updateId, { step: 'accept' }, now);
  });
}
