import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { taskClaims, volunteerTasks } from '../db/schema/index.js';

/**
 * The rider's 随手帮 claims for the data export: what, where (the public area only — the exact
 * address is the elderly resident's, not the rider's), when and how it went.
 */
export async function exportRiderTasks(db: Db, riderId: string) {
  const rows = await db
    .select({ claim: taskClaims, task: volunteerTasks })
    .from(taskClaims)
    .innerJoin(volunteerTasks, eq(volunteerTasks.id, taskClaims.taskId))
    .where(eq(taskClaims.riderId, riderId))
    .orderBy(asc(taskClaims.claimedAt));
  return rows.map(({ claim, task }) => ({
    task: task.title,
    kind: task.kind,
    area: task.area,
    startsAt: task.startsAt.toISOString(),
    endsAt: task.endsAt.toISOString(),
    status: claim.status,
    note: claim.note,
    photoId: claim.photoId,
    claimedAt: claim.claimedAt.toISOString(),
    doneAt: claim.doneAt?.toISOString() ?? null,
    confirmedAt: claim.confirmedAt?.toISOString() ?? null,
    points: claim.points,
  }));
}

/**
 * Account deletion (inside the privacy job's transaction): an active claim is abandoned (the slot
 * is freed), and the notes the rider wrote are erased. The claim rows stay (as the deleted
 * account's), so the confirmed ones still explain the ledger's credits.
 */
export async function eraseRiderTasks(tx: Db, riderId: string, now: Date): Promise<{ claimsAbandoned: number }> {
  const abandoned = await tx
    .update(taskClaims)
    .set({ status: 'abandoned', endedAt: now })
    .where(and(eq(taskClaims.riderId, riderId), eq(taskClaims.status, 'active')))
    .returning({ id: taskClaims.id });
  await tx.update(taskClaims).set({ note: null, photoId: null }).where(eq(taskClaims.riderId, riderId));
  return { claimsAbandoned: abandoned.length };
}
