import { eq } from 'drizzle-orm';
import type { Pass } from '@nuanxin/shared/access/schemas';
import { passes } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { badRequest, conflict } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { tellRiderAboutPass } from '../notifications/index.js';
import type { AccessContext } from './context.js';
import { passesOf } from './passes.js';
import { lockPassesInScope } from './review.js';

/** Rejects a pending application; the rider sees the reason and may apply again. */
export async function rejectPass(ctx: Acting<AccessContext>, input: { id: string; reason: string }): Promise<Pass> {
  const passId = input.id;
  const text = input.reason.trim();
  if (!text) throw badRequest('REASON_REQUIRED', undefined, 'reason');
  const now = ctx.now();
  const riderId = await ctx.db.transaction(async (tx) => {
    const [row] = await lockPassesInScope(tx as unknown as Db, ctx.actor, [passId]);
    if (row!.status !== 'pending') throw conflict('PASS_NOT_PENDING');
    await tx
      .update(passes)
      .set({ status: 'rejected', reason: text, decidedAt: now, decidedBy: ctx.actor.userId, updatedAt: now })
      .where(eq(passes.id, passId));
    await recordAudit(tx as unknown as Db, {
      actor: ctx.actor,
      at: now,
      action: 'pass.reject',
      target: { kind: 'pass', id: passId },
      place: { communityId: row!.communityId },
      before: { status: row!.status, rider: row!.riderId },
      after: { status: 'rejected', rider: row!.riderId, reason: text },
    });
    await tellRiderAboutPass(tx as unknown as Db, { passId, kind: 'pass_rejected', now });
    return row!.riderId;
  });
  const [pass] = await passesOf(ctx.db, riderId, now, [passId]);
  return pass!;
}
