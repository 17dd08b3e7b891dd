import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.js';

export interface ReconcileCheck {
  name: string;
  ok: boolean;
  /** Up to 20 offending rows, as text, when the check fails. */
  details: string[];
}

export interface ReconcileReport {
  ok: boolean;
  checks: ReconcileCheck[];
  totals: { accounts: number; transfers: number; vouchers: number; debitsPosted: number; creditsPosted: number };
}

// Each check is a query that returns the rows breaking one invariant; none means it holds. The
// database enforces these already (CHECKs, unique indexes, the apply trigger): reconciliation is
// the independent proof, recomputing everything from the immutable transfers.
const CHECKS: { name: string; query: SQL }[] = [
  {
    name: 'all accounts sum to zero (Σ debits = Σ credits, posted and pending)',
    query: sql`SELECT sum(debits_posted) AS debits_posted, sum(credits_posted) AS credits_posted,
                      sum(debits_pending) AS debits_pending, sum(credits_pending) AS credits_pending
               FROM point_account_balances
               HAVING sum(debits_posted) <> sum(credits_posted) OR sum(debits_pending) <> sum(credits_pending)`,
  },
  {
    name: 'every balance equals the sum of its transfers',
    query: sql`WITH moves AS (
                 SELECT debit_account_id AS account,
                        CASE WHEN kind IN ('single','post_pending') THEN amount ELSE 0 END AS dpo,
                        CASE kind WHEN 'pending' THEN amount WHEN 'single' THEN 0 ELSE -amount END AS dpe,
                        0::bigint AS cpo, 0::bigint AS cpe
                 FROM point_transfers
                 UNION ALL
                 SELECT credit_account_id, 0, 0,
                        CASE WHEN kind IN ('single','post_pending') THEN amount ELSE 0 END,
                        CASE kind WHEN 'pending' THEN amount WHEN 'single' THEN 0 ELSE -amount END
                 FROM point_transfers),
               sums AS (SELECT account, sum(dpo) AS dpo, sum(dpe) AS dpe, sum(cpo) AS cpo, sum(cpe) AS cpe FROM moves GROUP BY account)
               SELECT a.id, a.kind, a.debits_posted, coalesce(s.dpo, 0) AS expected_debits_posted,
                      a.debits_pending, coalesce(s.dpe, 0) AS expected_debits_pending,
                      a.credits_posted, coalesce(s.cpo, 0) AS expected_credits_posted,
                      a.credits_pending, coalesce(s.cpe, 0) AS expected_credits_pending
               FROM point_account_balances a LEFT JOIN sums s ON s.account = a.id
               WHERE a.debits_posted <> coalesce(s.dpo, 0) OR a.debits_pending <> coalesce(s.dpe, 0)
                  OR a.credits_posted <> coalesce(s.cpo, 0) OR a.credits_pending <> coalesce(s.cpe, 0)`,
  },
  {
    name: "no rider's available balance is below zero",
    query: sql`SELECT id, user_id, credits_posted - debits_posted - debits_pending AS available
               FROM point_account_balances
               WHERE kind = 'rider' AND (credits_posted - debits_posted - debits_pending < 0
                  OR debits_posted < 0 OR debits_pending < 0 OR credits_posted < 0 OR credits_pending < 0)`,
  },
  {
    name: 'every hold resolves at most once, and only a hold is resolved',
    query: sql`SELECT r.pending_id, count(*) AS resolutions, min(p.kind) AS pending_kind
               FROM point_transfers r LEFT JOIN point_transfers p ON p.id = r.pending_id
               WHERE r.pending_id IS NOT NULL
               GROUP BY r.pending_id
               HAVING count(*) > 1 OR min(p.kind) IS DISTINCT FROM 'pending'`,
  },
  {
    name: 'every voucher matches its hold (issued = open, used = posted, cancelled/expired = voided)',
    query: sql`SELECT v.id, v.status, h.kind AS hold_kind, r.kind AS resolution_kind, v.points, h.amount
               FROM vouchers v
               JOIN point_transfers h ON h.id = v.hold_transfer_id
               LEFT JOIN point_transfers r ON r.pending_id = h.id
               WHERE h.kind <> 'pending' OR h.amount <> v.points
                  OR (v.status = 'issued' AND r.id IS NOT NULL)
                  OR (v.status = 'used' AND r.kind IS DISTINCT FROM 'post_pending')
                  OR (v.status IN ('cancelled','expired') AND r.kind IS DISTINCT FROM 'void_pending')
                  OR (v.status <> 'issued' AND v.resolution_transfer_id IS DISTINCT FROM r.id)`,
  },
  {
    name: 'every hold belongs to a voucher',
    query: sql`SELECT h.id FROM point_transfers h LEFT JOIN vouchers v ON v.hold_transfer_id = h.id
               WHERE h.kind = 'pending' AND v.id IS NULL`,
  },
  {
    name: 'stock taken equals open and used vouchers, per reward and period',
    query: sql`SELECT s.reward_id, s.period_start, s.total - s.remaining AS taken, count(v.id) AS vouchers
               FROM reward_stock s
               LEFT JOIN vouchers v ON v.reward_id = s.reward_id AND v.stock_period = s.period_start AND v.status IN ('issued','used')
               GROUP BY s.reward_id, s.period_start, s.total, s.remaining
               HAVING s.total - s.remaining <> count(v.id)`,
  },
  {
    name: 'every voucher took a unit of stock',
    query: sql`SELECT v.reward_id, v.stock_period, count(*) AS vouchers FROM vouchers v
               LEFT JOIN reward_stock s ON s.reward_id = v.reward_id AND s.period_start = v.stock_period
               WHERE s.reward_id IS NULL GROUP BY 1, 2`,
  },
];

/** Checks every invariant of the ledger against the data; `ok` only when all hold. */
export async function reconcile(db: Db): Promise<ReconcileReport> {
  const checks: ReconcileCheck[] = [];
  for (const check of CHECKS) {
    const rows = rowsOf<Record<string, unknown>>(await db.execute(check.query));
    checks.push({ name: check.name, ok: rows.length === 0, details: rows.slice(0, 20).map((r) => JSON.stringify(r)) });
  }
  const [totals] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`SELECT (SELECT count(*) FROM point_accounts) AS accounts,
                                (SELECT count(*) FROM point_transfers) AS transfers,
                                (SELECT count(*) FROM vouchers) AS vouchers,
                                (SELECT coalesce(sum(debits_posted), 0) FROM point_account_balances) AS debits_posted,
                                (SELECT coalesce(sum(credits_posted), 0) FROM point_account_balances) AS credits_posted`),
  );
  return {
    ok: checks.every((c) => c.ok),
    checks,
    totals: {
      accounts: Number(totals?.accounts ?? 0),
      transfers: Number(totals?.transfers ?? 0),
      vouchers: Number(totals?.vouchers ?? 0),
      debitsPosted: Number(totals?.debits_posted ?? 0),
      creditsPosted: Number(totals?.credits_posted ?? 0),
    },
  };
}
