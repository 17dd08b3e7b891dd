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

/**
 * Revokes an approved pass. Immediate: every scan reads the pass row, nothing is cached, so the
 * next scan after this commit is denied.
 */
export async function revokePass(ctx: Acting<AccessContext>, input: { id: string; reason: string }): Promise<Pass> {
  const passId = input.id;
  const text = input.reason.trim();
  if (!text) throw badRequest('REASON_REQUIRED', undefined, 'reason');
  const now = ctx.now();
  const riderId = await ctx.db.transaction(async (tx) => {
    const [row] = await lockPassesInScope(tx as unknown as Db, ctx.actor, [passId]);
    if (row!.status !== 'approved') throw conflict('PASS_NOT_APPROVED');
    await tx
      .update(passes)
      .set({ status: 'revoked', reason: text, decidedAt: now, decidedBy: ctx.actor.userId, updatedAt: now })
      .where(eq(passes.id, passId));
    await recordAudit(tx as unknown as Db, {
      actor: ctx.actor,
      at: now,
      action: 'pass.revoke',
      target: { kind: 'pass', id: passId },
      place: { communityId: row!.communityId },
      before: { status: row!.status, rider: row!.riderId },
      after: { status: 'revoked', rider: row!.riderId, reason: text },
    });
    await tellRiderAboutPass(tx as unknown as Db, { passId, kind: 'pass_revoked', now });
    return row!.riderId;
  });
  const [pass] = await passesOf(ctx.db, riderId, now, [passId]);
  return pass!;
}
