-- point_transfers_apply: applies a transfer to both accounts in the same statement as its insert,
-- so every amount lands once on a debit and once on a credit (all accounts sum to zero by
-- construction) and the debits_must_not_exceed_credits CHECK refuses a rider's overdraft (the
-- insert fails). A post/void must name the same accounts and amount as its hold; the unique index
-- point_transfers_resolves_once refuses a second resolution. Each side is applied by
-- point_apply_side (a system account's shard, or a rider's own row), the side with the greater id
-- first: system accounts sort first, so their hot shard is locked last and nothing deadlocks.
CREATE OR REPLACE FUNCTION point_transfers_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p point_transfers%ROWTYPE;
  d_pending bigint := 0; d_posted bigint := 0; c_pending bigint := 0; c_posted bigint := 0;
  n int;
BEGIN
  IF NEW.kind IN ('post_pending', 'void_pending') THEN
    SELECT * INTO p FROM point_transfers WHERE id = NEW.pending_id;
    IF NOT FOUND OR p.kind <> 'pending' THEN
      RAISE EXCEPTION 'transfer % is not a pending transfer', NEW.pending_id USING ERRCODE = 'check_violation', CONSTRAINT = 'point_transfers_pending_exists';
    END IF;
    IF p.debit_account_id <> NEW.debit_account_id OR p.credit_account_id <> NEW.credit_account_id OR p.amount <> NEW.amount THEN
      RAISE EXCEPTION 'transfer % must resolve the whole hold %', NEW.id, p.id USING ERRCODE = 'check_violation', CONSTRAINT = 'point_transfers_matches_pending';
    END IF;
  END IF;
  CASE NEW.kind
    WHEN 'single' THEN d_posted := NEW.amount; c_posted := NEW.amount;
    WHEN 'pending' THEN d_pending := NEW.amount; c_pending := NEW.amount;
    WHEN 'post_pending' THEN d_pending := -NEW.amount; d_posted := NEW.amount; c_pending := -NEW.amount; c_posted := NEW.amount;
    WHEN 'void_pending' THEN d_pending := -NEW.amount; c_pending := -NEW.amount;
  END CASE;
  IF NEW.debit_account_id > NEW.credit_account_id THEN
    n := point_apply_side(NEW.debit_account_id, NEW.credit_account_id, d_pending, d_posted, 0, 0);
    IF n = 1 THEN
      n := point_apply_side(NEW.credit_account_id, NEW.debit_account_id, 0, 0, c_pending, c_posted);
    END IF;
  ELSE
    n := point_apply_side(NEW.credit_account_id, NEW.debit_account_id, 0, 0, c_pending, c_posted);
    IF n = 1 THEN
      n := point_apply_side(NEW.debit_account_id, NEW.credit_account_id, d_pending, d_posted, 0, 0);
    END IF;
  END IF;
  IF n <> 1 THEN
    RAISE EXCEPTION 'transfer % names an unknown account', NEW.id USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'point_transfers_accounts_exist';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER point_transfers_apply AFTER INSERT ON "point_transfers" FOR EACH ROW EXECUTE FUNCTION point_transfers_apply();
