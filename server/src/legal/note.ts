import type { CaseDetail, NoteBody } from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import { badRequest } from '../platform/app-error.js';
import type { LegalContext } from './context.js';
import { auditStep } from './messages.js';
import { applyStep, mediatorStep } from './workflow.js';

/** 调处记录: what was done or agreed, on the timeline the rider reads too. */
export async function noteCase(ctx: Acting<LegalContext>, input: NoteBody & { id: string }): Promise<CaseDetail> {
  const note = input.note.trim();
  if (!note) throw badRequest('VALIDATION_FAILED', '请填写调处记录', 'note');
  return mediatorStep(ctx, input.id, async (tx, c, now) => {
    await applyStep(tx, c, 'note', ctx.actor, now, { note });
    await auditStep(tx, ctx.actor, c, 'note', now, { state: c.state }, { state: c.state });
  });
}
