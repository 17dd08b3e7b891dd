-- point_account_balances: every account's four totals, its own row plus the sum of its shards. Read
-- balances here, not from point_accounts, whose system rows hold only the part from before sharding.
CREATE OR REPLACE VIEW "point_account_balances" AS
  SELECT a.id, a.kind, a.user_id,
         a.debits_pending + coalesce(s.debits_pending, 0) AS debits_pending,
         a.debits_posted + coalesce(s.debits_posted, 0) AS debits_posted,
         a.credits_pending + coalesce(s.credits_pending, 0) AS credits_pending,
         a.credits_posted + coalesce(s.credits_posted, 0) AS credits_posted
    FROM point_accounts a
    LEFT JOIN (SELECT account_id, sum(debits_pending)::bigint AS debits_pending, sum(debits_posted)::bigint AS debits_posted,
                      sum(credits_pending)::bigint AS credits_pending, sum(credits_posted)::bigint AS credits_posted
                 FROM point_account_shards GROUP BY account_id) s ON s.account_id = a.id;
