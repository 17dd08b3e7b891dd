import { and, eq, inArray, sql } from 'drizzle-orm';
import type { RiderTask } from '@nuanxin/shared/tasks/schemas';
import type { Db } from '../db/client.js';
import { communityPhotos, riderProfiles, taskClaims } from '../db/schema/index.js';
import { preparePhoto, withStagedPhoto } from '../media/index.js';
import { badRequest, conflict, forbidden } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { TasksContext } from './context.js';
import { riderTask } from './queries.js';
import { loadTask } from './scope.js';

/** A cancelled task takes no claims and no 完成 (its claims were ended when it was cancelled). */
async function assertTaskOpen(db: Db, taskId: string): Promise<void> {
  const task = await loadTask(db, taskId, false);
  if (task.status !== 'open') throw conflict('TASK_CANCELLED');
}

/**
 * 认领: one slot, exact under concurrency — the task row is locked, so claims of one task run one
 * after another and the count of slot-holding claims never passes `slots`. Only a registered
 * (profile), not suspended rider may claim; one live claim per rider and task.
 */
export async function claimTask(ctx: Acting<TasksContext>, input: { id: string }): Promise<RiderTask> {
  const now = ctx.now();
  const riderId = ctx.actor.userId;
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [profile] = await db
      .select({ suspendedAt: riderProfiles.suspendedAt })
      .from(riderProfiles)
      .where(eq(riderProfiles.userId, riderId));
    if (!profile) throw forbidden('PROFILE_REQUIRED');
    if (profile.suspendedAt) throw forbidden('RIDER_SUSPENDED');
    const task = await loadTask(db, input.id, true);
    if (task.status !== 'open' || task.endsAt <= now) throw conflict('TASK_NOT_OPEN');
    const [{ mine, taken }] = (await db
      .select({
        mine: sql<number>`count(*) filter (where ${taskClaims.riderId} = ${riderId})::int`,
        taken: sql<number>`count(*)::int`,
      })
      .from(taskClaims)
      .where(and(eq(taskClaims.taskId, task.id), inArray(taskClaims.status, ['active', 'done', 'confirmed'])))) as [
      { mine: number; taken: number },
    ];
    if (Number(mine) > 0) throw conflict('TASK_ALREADY_CLAIMED');
    if (Number(taken) >= task.slots) throw conflict('TASK_FULL');
    await db.insert(taskClaims).values({ taskId: task.id, riderId, status: 'active', claimedAt: now });
  });
  return riderTask(ctx, { id: input.id });
}

/** The rider's active claim of a task, locked; 409 when there is none. */
async function lockActiveClaim(db: Db, taskId: string, riderId: string, lock = true) {
  const query = db
    .select()
    .from(taskClaims)
    .where(and(eq(taskClaims.taskId, taskId), eq(taskClaims.riderId, riderId), eq(taskClaims.status, 'active')));
  const [claim] = lock ? await query.for('update') : await query;
  if (!claim) throw conflict('TASK_NO_ACTIVE_CLAIM');
  return claim;
}

/**
 * 完成: the rider reports the task done with a note, a photo or both; the poster confirms it next.
 * The photo is checked and stripped (shared pipeline) and staged before the transaction, its row
 * written with the claim's, its files committed after: nothing half-written.
 */
export async function markDone(
  ctx: Acting<TasksContext>,
  input: { id: string; note?: string; photo?: Buffer },
): Promise<RiderTask> {
  const now = ctx.now();
  const note = (input.note ?? '').trim();
  if (!note && !input.photo) throw badRequest('TASK_DONE_EMPTY', undefined, 'note');
  // Task and claim are checked before the (costly) photo work, and again under the lock below.
  await assertTaskOpen(ctx.db, input.id);
  await lockActiveClaim(ctx.db, input.id, ctx.actor.userId, false);
  const prepared = input.photo
    ? await preparePhoto(ctx.photos, input.photo, {
        purpose: 'task_done',
        riderId: ctx.actor.userId,
        uploadedBy: ctx.actor.userId,
        now,
        field: 'photo',
      })
    : null;
  await withStagedPhoto(prepared, () =>
    ctx.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      const claim = await lockActiveClaim(db, input.id, ctx.actor.userId);
      await assertTaskOpen(db, input.id);
      if (prepared) await db.insert(communityPhotos).values(prepared.row);
      await db
        .update(taskClaims)
        .set({ status: 'done', note: note || null, photoId: prepared?.row.id ?? null, doneAt: now })
        .where(eq(taskClaims.id, claim.id));
    }),
  );
  return riderTask(ctx, { id: input.id });
}

/** 放弃: the slot is free again and the exact address hidden. */
export async function abandonClaim(ctx: Acting<TasksContext>, input: { id: string }): Promise<RiderTask> {
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const claim = await lockActiveClaim(tx as unknown as Db, input.id, ctx.actor.userId);
    await tx.update(taskClaims).set({ status: 'abandoned', endedAt: now }).where(eq(taskClaims.id, claim.id));
  });
  return riderTask(ctx, { id: input.id });
}
