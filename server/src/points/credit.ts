import { eq } from 'drizzle-orm';
import type { EventRule } from '@nuanxin/shared/points/constants';
import type { Db } from '../db/client.js';
import { reports, users } from '../db/schema/index.js';
import { addDays } from './periods.js';
import { createTransfer, lockRiderAccount, SYSTEM_ACCOUNTS, type Transfer, type TransferSource } from './ledger.js';
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

/** Which event earns: its rule, and the row in the job that raised it (one credit per source row). */
export interface CreditEvent {
  rule: EventRule;
  /** The job's own kind of row (`report`, `activity_session`, `task_claim`, `suggestion`). */
  sourceType: TransferSource;
  sourceId: string;
  riderId: string;
  /** Whose numbers apply (a district admin may set its own); null: the city-wide default. */
  districtId: string | null;
  /** The event's own offer (a 随手帮 task's points), never more than the rule's points. */
  points?: number;
  /** What it was for, shown in the rider's history (an activity's title). */
  note?: string;
}

/**
 * An event in another job earns its rule's points. Called by that job inside its own transaction
 * — hence `tx` first rather than a PointsContext: the credit commits or rolls back with the event.
 * Idempotent: the transfer id is derived from the rule and the source row, so a retried event (a
 * second check-in, a double confirmation) credits once. Over the daily or monthly cap only the room
 * left is credited (possibly nothing: 'capped'). A rider who deleted the account earns nothing.
 */
export async function creditForEvent(tx: Db, event: CreditEvent, ctx: CreditContext): Promise<CreditOutcome> {
  const { now } = ctx;
  const account = await lockRiderAccount(tx, event.riderId);
  // Read after the account lock: a deletion that held it has committed by now and is seen.
  const [rider] = await tx.select({ status: users.status }).from(users).where(eq(users.id, event.riderId));
  if (rider?.status === 'deleted') return { status: 'account_deleted', transfer: null };
  // Reports keep their original derivation, so credits made before other events existed still match.
  const id = derivedId(event.rule === 'report_accepted' ? 'report' : event.rule, event.sourceId);
  const [existing] = await tx.query.pointTransfers.findMany({ where: (t, { eq }) => eq(t.id, id), limit: 1 });
  if (existing) return { status: 'duplicate', transfer: existing };
  const rule = await effectiveRule(tx, event.rule, event.districtId);
  if (!rule) return { status: 'rule_off', transfer: null };
  const offered = Math.min(event.points ?? rule.points, rule.points);
  const amount = Math.min(offered, await roomUnderCaps(tx, account.id, rule, now));
  if (amount <= 0) return { status: 'capped', transfer: null };
  const { transfer, created } = await createTransfer(tx, {
    id,
    debitAccountId: SYSTEM_ACCOUNTS.issuance,
    creditAccountId: account.id,
    amount,
    kind: 'single',
    reason: event.rule,
    sourceType: event.sourceType,
    sourceId: event.sourceId,
    ruleCode: rule.code,
    note: event.note ?? null,
    expiresAt: addDays(now, ctx.expiryDays),
    createdAt: now,
  });
  return { status: created ? 'credited' : 'duplicate', transfer };
}

/**
 * An accepted 随手拍 report earns the report rule's points (2 by default), in the district of the
 * report (a report that is not in the table — tests, seed — gets the city-wide default).
 */
export async function creditForReport(
  tx: Db,
  input: { reportId: string; riderId: string },
  ctx: CreditContext,
): Promise<CreditOutcome> {
  const [report] = await tx
    .select({ districtId: reports.districtId })
    .from(reports)
    .where(eq(reports.id, input.reportId));
  return creditForEvent(
    tx,
    {
      rule: 'report_accepted',
      sourceType: 'report',
      sourceId: input.reportId,
      riderId: input.riderId,
      districtId: report?.districtId ?? null,
    },
    ctx,
  );
}
