import type { StaffRiderDetail } from '@nuanxin/shared/access/schemas';
import { conflict, forbidden } from '../platform/app-error.js';
import type { Principal } from '../auth/principal.js';
import type { AccessContext } from './context.js';
import { changeSuspension } from './riders.js';

/**
 * Lifts a rider's suspension, with a reason (audited). A street operator may not lift what a
 * district admin decided: the district weighed it for the whole district.
 */
export async function liftSuspension(
  ctx: AccessContext,
  principal: Principal,
  riderId: string,
  reason: string,
): Promise<StaffRiderDetail> {
  return changeSuspension(ctx, principal, riderId, { action: 'lift', reason }, (profile) => {
    if (!profile.suspendedAt) throw conflict('RIDER_NOT_SUSPENDED');
    if (principal.role !== 'district_admin' && profile.suspendedByRole !== 'street_operator')
      throw forbidden('SUSPENSION_HELD_BY_DISTRICT');
  });
}
