import { inArray } from 'drizzle-orm';
import type { ApproveBody } from '@nuanxin/shared/access/schemas';
import { passes } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { conflict } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { tellRiderAboutPass } from '../notifications/index.js';
import type { AccessContext } from './context.js';
import { lockPassesInScope } from './review.js';

/** Approves one or many pending applications (bulk approve); all or nothing. */
export async function approvePasses(ctx: Acting<AccessContext>, input: ApproveBody): Promise<string[]> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const rows = await lockPassesInScope(tx as unknown as Db, ctx.actor, input.passIds);
    if (rows.some((r) => r.status !== 'pending')) throw conflict('PASS_NOT_PENDING');
    await tx
      .update(passes)
      .set({ status: 'approved', reason: null, decidedAt: now, decidedBy: ctx.actor.userId, updatedAt: now })
      .where(inArray(passes.id, input.passIds));
    for (const row of rows) {
      await recordAudit(tx as unknown as Db, {
        actor: ctx.actor,
        at: now,
        action: 'pass.approve',
        target: { kind: 'pass', id: row.id },
        place: { communityId: row.communityId },
        before: { status: row.status, rider: row.riderId },
        after: { status: 'approved', rider: row.riderId },
      });
      await tellRiderAboutPass(tx as unknown as Db, { passId: row.id, kind: 'pass_approved', now });
    }
    return input.passIds;
  });
}
