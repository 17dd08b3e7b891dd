import { and, desc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import type { MyTaskList, RiderTask, StaffTask, StaffTaskList, TaskList } from '@nuanxin/shared/tasks/schemas';
import { taskClaims, volunteerTasks } from '../db/schema/index.js';
import { forbidden } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { TasksContext } from './context.js';
import { assertTaskInScope, loadTask } from './scope.js';
import { selectTasks, staffClaims, toMyClaim, toSummary } from './views.js';

/** Open tasks whose window has not ended, soonest first (every rider sees these; no exact address). */
export async function listOpenTasks(ctx: Acting<TasksContext>): Promise<TaskList['items']> {
  const rows = await selectTasks(ctx.db)
    .where(and(eq(volunteerTasks.status, 'open'), gt(volunteerTasks.endsAt, ctx.now())))
    .orderBy(volunteerTasks.startsAt)
    .limit(100);
  return rows.map(toSummary);
}

/**
 * A task as this rider sees it. The exact address only while the rider holds an active claim:
 * once the claim is done, confirmed, abandoned or expired it is hidden again.
 */
export async function riderTask(ctx: Acting<TasksContext>, input: { id: string }): Promise<RiderTask> {
  const task = await loadTask(ctx.db, input.id);
  const [row] = await selectTasks(ctx.db).where(eq(volunteerTasks.id, task.id));
  const [claim] = await ctx.db
    .select()
    .from(taskClaims)
    .where(and(eq(taskClaims.taskId, task.id), eq(taskClaims.riderId, ctx.actor.userId)))
    .orderBy(desc(taskClaims.claimedAt))
    .limit(1);
  return {
    ...toSummary(row!),
    privateAddress: claim?.status === 'active' ? task.privateAddress : null,
    myClaim: claim ? toMyClaim(claim, ctx.photos) : null,
  };
}

/** 我的随手帮: the rider's claims, newest first. */
export async function myTasks(ctx: Acting<TasksContext>): Promise<MyTaskList['items']> {
  const claims = await ctx.db
    .select()
    .from(taskClaims)
    .where(eq(taskClaims.riderId, ctx.actor.userId))
    .orderBy(desc(taskClaims.claimedAt))
    .limit(100);
  if (claims.length === 0) return [];
  const tasks = await selectTasks(ctx.db).where(inArray(volunteerTasks.id, [...new Set(claims.map((c) => c.taskId))]));
  const byId = new Map(tasks.map((t) => [t.task.id, toSummary(t)]));
  return claims.map((c) => ({ task: byId.get(c.taskId)!, claim: toMyClaim(c, ctx.photos) }));
}

/** The tasks a staff member manages: a community admin's communities, a street operator's streets. */
export async function listStaffTasks(ctx: Acting<TasksContext>): Promise<StaffTaskList['items']> {
  const { actor } = ctx;
  let where: SQL | undefined;
  if (actor.role === 'community_admin' && actor.communityIds.length > 0)
    where = inArray(volunteerTasks.communityId, actor.communityIds);
  else if (actor.role === 'street_operator' && actor.streetIds.length > 0)
    where = inArray(volunteerTasks.streetId, actor.streetIds);
  if (!where) return [];
  const rows = await selectTasks(ctx.db).where(where).orderBy(desc(volunteerTasks.startsAt)).limit(200);
  const claims = await staffClaims(
    ctx.db,
    rows.map((r) => r.task.id),
    ctx.photos,
  );
  return rows.map((r) => ({
    ...toSummary(r),
    waitingConfirm: (claims.get(r.task.id) ?? []).filter((c) => c.status === 'done').length,
  }));
}

/** One task with its exact address and claims, for its poster's scope. */
export async function staffTask(ctx: Acting<TasksContext>, input: { id: string }): Promise<StaffTask> {
  const task = await loadTask(ctx.db, input.id);
  if (!['community_admin', 'street_operator'].includes(ctx.actor.role)) throw forbidden();
  assertTaskInScope(ctx.actor, task);
  const [row] = await selectTasks(ctx.db).where(eq(volunteerTasks.id, task.id));
  const claims = await staffClaims(ctx.db, [task.id], ctx.photos);
  return { ...toSummary(row!), privateAddress: task.privateAddress, claims: claims.get(task.id) ?? [] };
}
