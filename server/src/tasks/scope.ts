import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { volunteerTasks } from '../db/schema/index.js';
import { forbidden, notFound } from '../platform/app-error.js';
import { inScope, type Principal } from '../auth/index.js';
import type { TaskRow } from './views.js';

export const taskPlace = (t: TaskRow) => ({
  communityId: t.communityId,
  streetId: t.streetId,
  districtId: t.districtId,
});

/** A task the staff member may manage (its community's admin or its street's operator). */
export function assertTaskInScope(actor: Principal, task: TaskRow): void {
  // A community admin manages the tasks of its communities (a street-wide task is the street's).
  if (!inScope(actor, taskPlace(task))) throw forbidden('OUT_OF_SCOPE');
}

/** Loads (and with `lock`, locks) a task; 404 when there is none. */
export async function loadTask(db: Db, id: string, lock = false): Promise<TaskRow> {
  const q = db.select().from(volunteerTasks).where(eq(volunteerTasks.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}
