import { and, eq, gte, sql } from 'drizzle-orm';
import type { EarningRule } from '@nuanxin/shared/points/constants';
import type { Db } from '../db/client.js';
import { earningRules, pointTransfers } from '../db/schema/index.js';
import { badRequest } from '../errors/app-error.js';
import { periodStart } from './periods.js';

export type Rule = typeof earningRules.$inferSelect;

export async function loadRule(tx: Db, code: EarningRule): Promise<Rule> {
  const [rule] = await tx.select().from(earningRules).where(eq(earningRules.code, code));
  if (!rule || !rule.active) throw badRequest('EARNING_RULE_UNKNOWN', undefined, 'rule');
  return rule;
}

/**
 * How many points of this rule the rider may still earn today and this month. Call with the
 * rider's account locked, so two concurrent credits cannot both see room under the cap.
 */
export async function roomUnderCaps(tx: Db, accountId: string, rule: Rule, now: Date): Promise<number> {
  let room = Number.MAX_SAFE_INTEGER;
  const earnedSince = async (since: Date) => {
    const [row] = await tx
      .select({ total: sql<number>`coalesce(sum(${pointTransfers.amount}), 0)::int` })
      .from(pointTransfers)
      .where(
        and(
          eq(pointTransfers.creditAccountId, accountId),
          eq(pointTransfers.ruleCode, rule.code),
          gte(pointTransfers.createdAt, since),
        ),
      );
    // Reversed credits still count: a cap bounds what was granted, not what is left.
    return Number(row?.total ?? 0);
  };
  if (rule.dailyCap != null) room = Math.min(room, rule.dailyCap - (await earnedSince(periodStart('day', now))));
  if (rule.monthlyCap != null) room = Math.min(room, rule.monthlyCap - (await earnedSince(periodStart('month', now))));
  return Math.max(0, room);
}
