import type { StaffRiderDetail } from '@nuanxin/shared/access/schemas';
import { conflict } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { AccessContext } from './context.js';
import { changeSuspension } from './riders.js';

/**
 * Suspends a rider's access everywhere (every gate scan and guard check is denied, no new rider
 * code is issued) until a suspender lifts it. The reason is shown to the rider and audited.
 */
export async function suspendRider(
  ctx: Acting<AccessContext>,
  input: { id: string; reason: string },
): Promise<StaffRiderDetail> {
  return changeSuspension(ctx, { riderId: input.id, action: 'suspend', reason: input.reason }, (profile) => {
    if (profile.suspendedAt) throw conflict('RIDER_ALREADY_SUSPENDED');
  });
}
