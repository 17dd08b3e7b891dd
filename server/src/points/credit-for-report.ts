import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { reports, users } from '../db/schema/index.js';
import { addDays } from './periods.js';
import { createTransfer, lockRiderAccount, SYSTEM_ACCOUNTS, type Transfer } from './ledger.js';
import { derivedId } from './ids.js';
import { effectiveRule, roomUnderCaps } from './rules.js';

/**
 * What the caller (another job, inside its own transaction) passes: the points' validity and its
 * own "now" — the instant the report was accepted, from that job's clock — which dates the credit,
 * its expiry and the day/month the caps count in.
 */
export interface CreditContext {
  expiryDays: number;
  now: Date;
}

export type CreditOutcome =
  | { status: 'credited'; transfer: Transfer }
  | { status: 'duplicate'; transfer: Transfer }
  | { status: 'capped'; transfer: null }
  /** The district switched the report rule off: the report is accepted, no points. */
  | { status: 'rule_off'; transfer: null }
  /** The reporter deleted the account (privacy job): their points were forfeited, nothing more is credited. */
  | { status: 'account_deleted'; transfer: null };

/**
 * An accepted 随手拍 report earns the report rule's points (2 by default). Called by the reports
 * job inside its own transaction when a report is accepted — hence `tx` first rather than a
 * PointsContext: the credit commits or rolls back with the acceptance. Idempotent: the transfer
 * id is derived from the report id, so accepting a report twice (or a retried event) credits once.
 * Over the daily or monthly cap only the room left is credited (possibly nothing: 'capped').
 */
export async function creditForReport(
  tx: Db,
  input: { reportId: string; riderId: string },
  ctx: CreditContext,
): Promise<CreditOutcome> {
  const { now } = ctx;
  const account = await lockRiderAccount(tx, input.riderId);
  // Read after the account lock: a deletion that held it has committed by now and is seen.
  const [reporter] = await tx.select({ status: users.status }).from(users).where(eq(users.id, input.riderId));
  if (reporter?.status === 'deleted') return { status: 'account_deleted', transfer: null };
  const id = derivedId('report', input.reportId);
  const [existing] = await tx.query.pointTransfers.findMany({ where: (t, { eq }) => eq(t.id, id), limit: 1 });
  if (existing) return { status: 'duplicate', transfer: existing };
  // The rule of the report's district (its admin may have set its own numbers); a report that is
  // not in the table (tests, seed) gets the city-wide default.
  const [report] = await tx
    .select({ districtId: reports.districtId })
    .from(reports)
    .where(eq(reports.id, input.reportId));
  const rule = await effectiveRule(tx, 'report_accepted', report?.districtId ?? null);
  if (!rule) return { status: 'rule_off', transfer: null };
  const amount = Math.min(rule.points, await roomUnderCaps(tx, account.id, rule, now));
  if (amount <= 0) return { status: 'capped', transfer: null };
  const { transfer, created } = await createTransfer(tx, {
    id,
    debitAccountId: SYSTEM_ACCOUNTS.issuance,
    creditAccountId: account.id,
    amount,
    kind: 'single',
    reason: 'report_accepted',
    sourceType: 'report',
    sourceId: input.reportId,
    ruleCode: rule.code,
    expiresAt: addDays(now, ctx.expiryDays),
    createdAt: now,
  });
  return { status: created ? 'credited' : 'duplicate', transfer };
}
