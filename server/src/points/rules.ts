import { and, eq, gte, sql } from 'drizzle-orm';
import type { EarningRule } from '@nuanxin/shared/points/constants';
import type { Db } from '../db/client.js';
import { districtEarningRules, earningRules, pointTransfers } from '../db/schema/index.js';
import { badRequest } from '../platform/app-error.js';
import { periodStart } from './periods.js';

export type Rule = typeof earningRules.$inferSelect;

/**
 * The rule in effect in a district: the district's own numbers (set by its district admin) over
 * the city-wide default row. Null when there is no such rule or it is switched off.
 */
export async function effectiveRule(tx: Db, code: EarningRule, districtId: string | null): Promise<Rule | null> {
  const [row] = await tx
    .select({ rule: earningRules, own: districtEarningRules })
    .from(earningRules)
    .leftJoin(
      districtEarningRules,
      and(
        eq(districtEarningRules.code, earningRules.code),
        districtId ? eq(districtEarningRules.districtId, districtId) : sql`false`,
      ),
    )
    .where(eq(earningRules.code, code));
  if (!row) return null;
  const rule = row.own
    ? {
        ...row.rule,
        points: row.own.points,
        dailyCap: row.own.dailyCap,
        monthlyCap: row.own.monthlyCap,
        active: row.rule.active && row.own.active,
        updatedAt: row.own.updatedAt,
      }
    : row.rule;
  return rule.active ? rule : null;
}

/** The rule in effect, or 400 EARNING_RULE_UNKNOWN (unknown or switched off). */
export async function loadRule(tx: Db, code: EarningRule, districtId: string | null = null): Promise<Rule> {
  const rule = await effectiveRule(tx, code, districtId);
  if (!rule) throw badRequest('EARNING_RULE_UNKNOWN', undefined, 'rule');
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
