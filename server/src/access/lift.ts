import type { StaffRiderDetail } from '@nuanxin/shared/access/schemas';
import { conflict, forbidden } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { AccessContext } from './context.js';
import { changeSuspension } from './riders.js';

/**
 * Lifts a rider's suspension, with a reason (audited). A street operator may not lift what a
 * district admin decided: the district weighed it for the whole district.
 */
export async function liftSuspension(
  ctx: Acting<AccessContext>,
  input: { id: string; reason: string },
): Promise<StaffRiderDetail> {
  return changeSuspension(ctx, { riderId: input.id, action: 'lift', reason: input.reason }, (profile) => {
    if (!profile.suspendedAt) throw conflict('RIDER_NOT_SUSPENDED');
    if (ctx.actor.role !== 'district_admin' && profile.suspendedByRole !== 'street_operator')
      throw forbidden('SUSPENSION_HELD_BY_DISTRICT');
  });
}
