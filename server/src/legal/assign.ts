import { and, eq, sql } from 'drizzle-orm';
import type { AssignBody, CaseDetail } from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import { staffScopes, users } from '../db/schema/index.js';
import { badRequest } from '../platform/app-error.js';
import type { LegalContext } from './context.js';
import { auditStep, tellRider } from './messages.js';
import { applyStep, mediatorStep } from './workflow.js';

/** 调处: a named mediator of the case's own district (active) takes it; the rider is told the name. */
export async function assignCase(ctx: Acting<LegalContext>, input: AssignBody & { id: string }): Promise<CaseDetail> {
  return mediatorStep(ctx, input.id, async (tx, c, now) => {
    const [mediator] = await tx
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .innerJoin(staffScopes, and(eq(staffScopes.userId, users.id), eq(staffScopes.kind, 'district')))
      .where(
        and(
          eq(users.id, input.mediatorId),
          eq(users.role, 'mediator'),
          eq(users.status, 'active'),
          sql`${staffScopes.refId} = ${c.districtId}`,
        ),
      );
    if (!mediator) throw badRequest('MEDIATOR_NOT_IN_DISTRICT', undefined, 'mediatorId');
    const before = { state: c.state, mediatorId: c.mediatorId };
    const updateId = await applyStep(tx, c, 'assign', ctx.actor, now, {
      mediatorId: mediator.id,
      set: { mediatorId: mediator.id },
    });
    await auditStep(tx, ctx.actor, c, 'assign', now, before, { state: c.state, mediatorId: mediator.id });
    await tellRider(tx, c, updateId, { step: 'assign', mediatorName: mediator.name }, now);
  });
}
