import { eq } from 'drizzle-orm';
import type { ConfirmResult } from '@nuanxin/shared/tasks/schemas';
import type { Db } from '../db/client.js';
import { taskClaims, volunteerTasks } from '../db/schema/index.js';
import { conflict, notFound } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { creditForEvent } from '../points/index.js';
import { noticeOnce } from '../notifications/index.js';
import type { TasksContext } from './context.js';
import { assertTaskInScope, taskPlace } from './scope.js';
import { staffClaims } from './views.js';

/**
 * 确认完成: the poster confirms a claim the rider marked done; the task's offer is credited through
 * the ledger (task_completed, source = the claim) in the same transaction, and the rider is told.
 * The claim row is locked, so a second confirmation (a double tap, two staff at once) waits, finds
 * it confirmed and credits nothing more ('duplicate').
 */
export async function confirmClaim(ctx: Acting<TasksContext>, input: { id: string }): Promise<ConfirmResult> {
  const now = ctx.now();
  const { taskId, credit } = await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [claim] = await db.select().from(taskClaims).where(eq(taskClaims.id, input.id)).for('update');
    if (!claim) throw notFound();
    const [task] = await db.select().from(volunteerTasks).where(eq(volunteerTasks.id, claim.taskId));
    assertTaskInScope(ctx.actor, task!);
    if (claim.status === 'confirmed') return { taskId: task!.id, credit: 'duplicate' };
    if (claim.status === 'active') throw conflict('CLAIM_NOT_DONE');
    if (claim.status !== 'done') throw conflict('CLAIM_ENDED');
    const outcome = await creditForEvent(
      db,
      {
        rule: 'task_completed',
        sourceType: 'task_claim',
        sourceId: claim.id,
        riderId: claim.riderId,
        districtId: task!.districtId,
        points: task!.points,
        note: task!.title,
      },
      { expiryDays: ctx.pointsExpiryDays, now },
    );
    const points = outcome.transfer?.amount ?? 0;
    await db
      .update(taskClaims)
      .set({ status: 'confirmed', confirmedAt: now, confirmedBy: ctx.actor.userId, points })
      .where(eq(taskClaims.id, claim.id));
    await recordAudit(db, {
      actor: ctx.actor,
      at: now,
      action: 'task_claim.confirm',
      target: { kind: 'task_claim', id: claim.id },
      place: taskPlace(task!),
      before: { status: claim.status, rider: claim.riderId },
      after: { status: 'confirmed', rider: claim.riderId, points, credit: outcome.status },
    });
    await noticeOnce(db, {
      userId: claim.riderId,
      kind: 'task_confirmed',
      dedupeKey: `task-confirmed:${claim.id}`,
      title: '随手帮任务已确认完成',
      body:
        points > 0
          ? `「${task!.title}」已确认完成，获得 ${points} 积分。谢谢你！`
          : `「${task!.title}」已确认完成。谢谢你！`,
      createdAt: now,
    });
    return { taskId: task!.id, credit: outcome.status };
  });
  const claims = (await staffClaims(ctx.db, [taskId], ctx.photos)).get(taskId) ?? [];
  return { claim: claims.find((c) => c.id === input.id)!, credit };
}
