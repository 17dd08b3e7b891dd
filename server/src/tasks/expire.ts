import { sql } from 'drizzle-orm';
import { TASK_CLAIM_GRACE_HOURS } from '@nuanxin/shared/tasks/constants';
import { rowsOf } from '../db/client.js';
import type { TasksContext } from './context.js';

export interface ExpireClaimsResult {
  claimsExpired: number;
}

/**
 * The periodic pass: an active claim not done by its task's window end + grace expires, freeing
 * its slot (and hiding the exact address). Bounded (500 a pass), safe to repeat and to run beside
 * another runner (SKIP LOCKED; a claim being marked done holds its lock and is skipped).
 */
export async function expireStaleClaims(ctx: TasksContext, limit = 500): Promise<ExpireClaimsResult> {
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - TASK_CLAIM_GRACE_HOURS * 3600_000);
  const rows = await ctx.db.execute(sql`
    update task_claims set status = 'expired', ended_at = ${now}
    where id in (
      select c.id from task_claims c join volunteer_tasks t on t.id = c.task_id
      where c.status = 'active' and t.ends_at < ${cutoff}
      order by c.claimed_at
      limit ${limit}
      for update of c skip locked)
    returning id`);
  return { claimsExpired: rowsOf<{ id: string }>(rows).length };
}
