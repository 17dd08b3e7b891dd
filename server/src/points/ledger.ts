import { and, eq, lte, sql } from 'drizzle-orm';
import type { TransferReason } from '@nuanxin/shared/points/constants';
import type { Db } from '../db/client.js';
import { pointAccounts, pointTransfers } from '../db/schema/index.js';
import { AppError, badRequest, conflict } from '../platform/app-error.js';

// The ledger core: the only module that inserts transfers, with one exception — a voucher's hold is
// inserted by the SQL function points_redeem (sql/points_redeem.sql). The database applies each
// transfer to the balances (trigger point_transfers_apply, sql/point_transfers_apply.sql) and
// enforces the invariants; this module derives ids, maps the database's refusals to stable error
// codes and reads balances.

/** The kind of row a transfer came from: the ledger's own, or another job's event row. */
export type TransferSource =
  'report' | 'grant' | 'voucher' | 'expiry' | 'reversal' | 'account' | 'activity_session' | 'task_claim' | 'suggestion';

/** Fixed ids of the system accounts (inserted by the points migration with the tables). */
export const SYSTEM_ACCOUNTS = {
  issuance: '00000000-0000-4000-8000-000000000001',
  redeemed: '00000000-0000-4000-8000-000000000002',
  expired: '00000000-0000-4000-8000-000000000003',
} as const;

export type Account = typeof pointAccounts.$inferSelect;
export type Transfer = typeof pointTransfers.$inferSelect;
export type TransferKind = 'single' | 'pending' | 'post_pending' | 'void_pending';

export interface TransferInput {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  kind: TransferKind;
  pendingId?: string | null;
  reason: TransferReason;
  sourceType: TransferSource;
  sourceId: string;
  ruleCode?: string | null;
  note?: string | null;
  reversesId?: string | null;
  expiresAt?: Date | null;
  createdBy?: string | null;
  createdAt: Date;
}

export const available = (a: Pick<Account, 'creditsPosted' | 'debitsPosted' | 'debitsPending'>) =>
  a.creditsPosted - a.debitsPosted - a.debitsPending;

/** Negative, fractional or absurd amounts never reach the database. */
export function assertAmount(amount: number, field = 'amount'): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > 1_000_000)
    throw badRequest('AMOUNT_INVALID', undefined, field);
}

/** The database error behind a driver or drizzle wrapper: SQLSTATE and constraint name. */
export function pgErrorOf(err: unknown): { code?: string; constraint?: string } | null {
  for (
    let e = err as { code?: unknown; constraint?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 5;
    e = e.cause as typeof e, i++
  ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      return { code: e.code, ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}) };
    }
  }
  return null;
}

/** True when the database refused because a rider would be overdrawn (the CHECK on accounts). */
export const isOverdraft = (err: unknown) => pgErrorOf(err)?.constraint === 'debits_must_not_exceed_credits';

/**
 * The rider's account, created on first use, locked FOR UPDATE. Every use case that moves a
 * rider's points takes this lock first: it serialises that rider's redeems (balance, monthly
 * limit) and fixes the lock order (rider → stock → system accounts) so nothing deadlocks.
 */
export async function lockRiderAccount(tx: Db, userId: string): Promise<Account> {
  const [existing] = await tx.select().from(pointAccounts).where(eq(pointAccounts.userId, userId)).for('update');
  if (existing) return existing;
  await tx
    .insert(pointAccounts)
    .values({ kind: 'rider', userId, debitsMustNotExceedCredits: true })
    .onConflictDoNothing({ target: pointAccounts.userId });
  const [created] = await tx.select().from(pointAccounts).where(eq(pointAccounts.userId, userId)).for('update');
  return created!;
}

export async function findRiderAccount(db: Db, userId: string): Promise<Account | null> {
  const [row] = await db.select().from(pointAccounts).where(eq(pointAccounts.userId, userId));
  return row ?? null;
}

const SAME_FIELDS = [
  'debitAccountId',
  'creditAccountId',
  'amount',
  'kind',
  'pendingId',
  'reason',
  'sourceType',
  'sourceId',
] as const;

/**
 * Inserts a transfer, or finds the one with the same id (idempotent). Like TigerBeetle, a
 * repeated id with different fields is refused rather than treated as the same transfer.
 */
export async function createTransfer(tx: Db, input: TransferInput): Promise<{ transfer: Transfer; created: boolean }> {
  assertAmount(input.amount);
  const [inserted] = await tx
    .insert(pointTransfers)
    .values({
      ...input,
      pendingId: input.pendingId ?? null,
      ruleCode: input.ruleCode ?? null,
      note: input.note ?? null,
      reversesId: input.reversesId ?? null,
      expiresAt: input.expiresAt ?? null,
      createdBy: input.createdBy ?? null,
    })
    .onConflictDoNothing({ target: pointTransfers.id })
    .returning();
  if (inserted) return { transfer: inserted, created: true };
  const [existing] = await tx.select().from(pointTransfers).where(eq(pointTransfers.id, input.id));
  if (!existing) throw new AppError(500, 'INTERNAL');
  for (const field of SAME_FIELDS) {
    if ((existing[field] ?? null) !== (input[field] ?? null)) throw conflict('IDEMPOTENCY_KEY_REUSED');
  }
  return { transfer: existing, created: false };
}

/**
 * Points of a rider that expire up to `until`, not yet spent (FIFO: every debit — spent, held,
 * expired, reversed — consumes the oldest points first). Returns the amount and the earliest
 * date among the lots that are still unspent.
 */
export async function expiringBy(
  tx: Db,
  account: Account,
  until: Date,
): Promise<{ amount: number; earliest: Date | null }> {
  const lots = await tx
    .select({ amount: pointTransfers.amount, expiresAt: pointTransfers.expiresAt })
    .from(pointTransfers)
    .where(
      and(
        eq(pointTransfers.creditAccountId, account.id),
        eq(pointTransfers.kind, 'single'),
        sql`${pointTransfers.expiresAt} is not null`,
        lte(pointTransfers.expiresAt, until),
      ),
    )
    .orderBy(pointTransfers.expiresAt);
  let consumed = account.debitsPosted + account.debitsPending;
  let amount = 0;
  let earliest: Date | null = null;
  for (const lot of lots) {
    const left = lot.amount - Math.min(consumed, lot.amount);
    consumed = Math.max(0, consumed - lot.amount);
    if (left > 0) {
      amount += left;
      earliest ??= lot.expiresAt;
    }
  }
  return { amount: Math.min(amount, available(account)), earliest };
}
