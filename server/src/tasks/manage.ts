import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CancelTaskBody, EditTaskBody, StaffTask } from '@nuanxin/shared/tasks/schemas';
import type { Db } from '../db/client.js';
import { taskClaims, volunteerTasks } from '../db/schema/index.js';
import { badRequest, conflict } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { noticeOnce } from '../notifications/index.js';
import type { TasksContext } from './context.js';
import { staffTask } from './queries.js';
import { assertTaskInScope, loadTask, taskPlace } from './scope.js';
import type { TaskRow } from './views.js';

const bj = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000)
    .toISOString()
    .slice(5, 16)
    .replace('T', ' ')
    .replace('-', '月')
    .replace(' ', '日 ');

/** Claimants still holding a slot of the task (active or done): the riders to tell. */
async function holders(db: Db, taskId: string, statuses: ('active' | 'done')[]) {
  return db
    .select({ id: taskClaims.id, riderId: taskClaims.riderId, status: taskClaims.status })
    .from(taskClaims)
    .where(and(eq(taskClaims.taskId, taskId), inArray(taskClaims.status, statuses)));
}

/**
 * 修改: the poster (its scope) changes what, when, where or how many. The task row is locked, so
 * a claim racing the edit either counts against the new number or waits. Fewer slots than claims
 * holding one is `409 TASK_SLOTS_BELOW_CLAIMS`; a cancelled task is not edited. A new time or
 * place is told to every rider holding an active or done claim (once per edit). Audited without
 * the exact address (it is an elderly resident's home: `privateAddressChanged` only).
 */
export async function editTask(ctx: Acting<TasksContext>, input: EditTaskBody & { id: string }): Promise<StaffTask> {
  const now = ctx.now();
  const { id, ...patch } = input;
  const keys = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
  if (keys.length === 0) throw badRequest('NOTHING_TO_UPDATE');
  for (const f of ['title', 'area', 'privateAddress'] as const) {
    if (patch[f] !== undefined && !patch[f]!.trim()) throw badRequest('VALIDATION_FAILED', undefined, f);
  }
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const task = await loadTask(tx, id, true);
    assertTaskInScope(ctx.actor, task);
    if (task.status !== 'open') throw conflict('TASK_CANCELLED');
    const startsAt = patch.startsAt ? new Date(patch.startsAt) : task.startsAt;
    const endsAt = patch.endsAt ? new Date(patch.endsAt) : task.endsAt;
    if ((patch.startsAt || patch.endsAt) && (!(endsAt > startsAt) || endsAt <= now))
      throw badRequest('TASK_WINDOW_INVALID', undefined, patch.endsAt ? 'endsAt' : 'startsAt');
    if (patch.slots !== undefined) {
      const [row] = (await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(taskClaims)
        .where(and(eq(taskClaims.taskId, id), inArray(taskClaims.status, ['active', 'done', 'confirmed'])))) as [
        { n: number },
      ];
      if (patch.slots < Number(row.n))
        throw conflict('TASK_SLOTS_BELOW_CLAIMS', `人数不能少于已认领的 ${Number(row.n)} 人`);
    }
    const next: Partial<TaskRow> = {
      ...(patch.title !== undefined && { title: patch.title.trim() }),
      ...(patch.description !== undefined && { description: patch.description.trim() }),
      ...(patch.area !== undefined && { area: patch.area.trim() }),
      ...(patch.privateAddress !== undefined && { privateAddress: patch.privateAddress.trim() }),
      ...(patch.slots !== undefined && { slots: patch.slots }),
      startsAt,
      endsAt,
      updatedAt: now,
    };
    await tx.update(volunteerTasks).set(next).where(eq(volunteerTasks.id, id));
    const timeChanged = startsAt.getTime() !== task.startsAt.getTime() || endsAt.getTime() !== task.endsAt.getTime();
    const placeChanged =
      (next.area !== undefined && next.area !== task.area) ||
      (next.privateAddress !== undefined && next.privateAddress !== task.privateAddress);
    const shown = (r: TaskRow | Partial<TaskRow>) => ({
      title: r.title,
      area: r.area,
      slots: r.slots,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: 'task.edit',
      target: { kind: 'volunteer_task', id },
      place: taskPlace(task),
      before: shown(task),
      after: {
        ...shown({ ...task, ...next }),
        privateAddressChanged: next.privateAddress !== undefined && next.privateAddress !== task.privateAddress,
      },
    });
    if (timeChanged || placeChanged) {
      const what = [
        timeChanged ? `时间改为 ${bj(startsAt)}–${bj(endsAt).slice(-5)}` : null,
        placeChanged ? `地点改为 ${next.area ?? task.area}` : null,
      ]
        .filter(Boolean)
        .join('，');
      for (const c of await holders(tx, id, ['active', 'done'])) {
        await noticeOnce(tx, {
          userId: c.riderId,
          kind: 'task_changed',
          dedupeKey: `task-changed:${c.id}:${now.getTime()}`,
          title: '你认领的随手帮任务有变动',
          body: `「${next.title ?? task.title}」${what}。`,
          createdAt: now,
        });
      }
    }
  });
  return staffTask(ctx, { id });
}

/**
 * 取消: the poster withdraws the task. Active claims end as `cancelled` (their slot, the exact
 * address with it, goes in the same transaction) and those riders are told; a claim already
 * marked done stays for the poster to confirm (the rider did the work). A second cancel finds the
 * task cancelled (`409 TASK_CANCELLED`) and ends or tells nothing again. Afterwards the task
 * refuses claims (`TASK_NOT_OPEN`) and 完成 (`TASK_CANCELLED`).
 */
export async function cancelTask(
  ctx: Acting<TasksContext>,
  input: CancelTaskBody & { id: string },
): Promise<StaffTask> {
  const now = ctx.now();
  const reason = input.reason.trim();
  if (!reason) throw badRequest('VALIDATION_FAILED', '请填写取消原因', 'reason');
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const task = await loadTask(tx, input.id, true);
    assertTaskInScope(ctx.actor, task);
    if (task.status !== 'open') throw conflict('TASK_CANCELLED');
    await tx
      .update(volunteerTasks)
      .set({ status: 'cancelled', cancelledAt: now, cancelReason: reason, updatedAt: now })
      .where(eq(volunteerTasks.id, task.id));
    const ended = await tx
      .update(taskClaims)
      .set({ status: 'cancelled', endedAt: now })
      .where(and(eq(taskClaims.taskId, task.id), eq(taskClaims.status, 'active')))
      .returning({ id: taskClaims.id, riderId: taskClaims.riderId });
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: 'task.cancel',
      target: { kind: 'volunteer_task', id: task.id },
      place: taskPlace(task),
      before: { status: 'open' },
      after: { status: 'cancelled', reason, claimsEnded: ended.length },
    });
    for (const c of ended) {
      await noticeOnce(tx, {
        userId: c.riderId,
        kind: 'task_cancelled',
        dedupeKey: `task-cancelled:${c.id}`,
        title: '你认领的随手帮任务已取消',
        body: `「${task.title}」已由发布方取消：${reason.slice(0, 60)}。`,
        createdAt: now,
      });
    }
  });
  return staffTask(ctx, { id: input.id });
}
