import { and, asc, eq, lt } from 'drizzle-orm';
import { REOPEN_WINDOW_DAYS } from '@nuanxin/shared/reports/constants';
import { reports } from '../db/schema/index.js';
import type { ReportsContext } from './context.js';
import { applyTransition, SYSTEM_ACTOR } from './workflow.js';

/** The pass needs only the database and the clock (no caller, storage or signer): any ReportsContext fits. */
export type CloseStaleContext = Pick<ReportsContext, 'db' | 'now'>;

export interface CloseStaleResult {
  /** Reports moved from fixed to closed by this run. */
  closed: number;
  /** Transactions used (one per batch). */
  batches: number;
}

/**
 * 自动办结: a fixed report the reporter did not reopen within the reopen window is closed, with an
 * append-only update by the system actor (no user). Safe to run from several processes at once:
 * each batch locks its rows with SKIP LOCKED and re-checks them inside its transaction, so a row
 * is closed once, and a reopen racing the job either wins (the row is no longer fixed) or waits.
 */
export async function closeStaleFixedReports(
  ctx: CloseStaleContext,
  input: { batchSize?: number; maxBatches?: number } = {},
): Promise<CloseStaleResult> {
  const batchSize = input.batchSize ?? 200;
  const maxBatches = input.maxBatches ?? 1000;
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - REOPEN_WINDOW_DAYS * 86400_000);
  let closed = 0;
  let batches = 0;
  while (batches < maxBatches) {
    const done = await ctx.db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(reports)
        .where(and(eq(reports.state, 'fixed'), lt(reports.fixedAt, cutoff)))
        .orderBy(asc(reports.fixedAt))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      for (const report of due) {
        await applyTransition(tx, report, 'close', SYSTEM_ACTOR, now, {
          note: `修复后 ${REOPEN_WINDOW_DAYS} 天内未被重新打开，系统自动办结`,
        });
      }
      return due.length;
    });
    batches++;
    closed += done;
    if (done < batchSize) break;
  }
  return { closed, batches };
}
