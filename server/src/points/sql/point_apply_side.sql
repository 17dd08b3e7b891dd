-- point_apply_side: one side of a transfer, for point_transfers_apply. On a shard of the account when
-- it has shards (system accounts), chosen by the other account so one rider always hits the same
-- shard; else on the account's own row (riders: the overdraft CHECK is there). Returns the number
-- of rows changed (0: unknown account).
CREATE OR REPLACE FUNCTION point_apply_side(account uuid, other uuid, d_pending bigint, d_posted bigint, c_pending bigint, c_posted bigint)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  n int;
BEGIN
  UPDATE point_account_shards
     SET debits_pending = debits_pending + d_pending, debits_posted = debits_posted + d_posted,
         credits_pending = credits_pending + c_pending, credits_posted = credits_posted + c_posted
   WHERE account_id = account AND shard = (hashtext(other::text) & 15);
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n = 0 THEN
    UPDATE point_accounts
       SET debits_pending = debits_pending + d_pending, debits_posted = debits_posted + d_posted,
           credits_pending = credits_pending + c_pending, credits_posted = credits_posted + c_posted
     WHERE id = account;
    GET DIAGNOSTICS n = ROW_COUNT;
  END IF;
  RETURN n;
END $$;
