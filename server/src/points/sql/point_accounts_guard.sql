-- point_accounts_guard: balances move only through a transfer. An account starts at zero, and its
-- four totals (and kind, owner, overdraft flag) may change only inside point_transfers_apply —
-- recognised by trigger depth 2 — never by a direct UPDATE from code, a script or psql.
CREATE OR REPLACE FUNCTION point_accounts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.debits_pending <> 0 OR NEW.debits_posted <> 0 OR NEW.credits_pending <> 0 OR NEW.credits_posted <> 0 THEN
      RAISE EXCEPTION 'point account % must start at zero', NEW.id USING ERRCODE = 'check_violation', CONSTRAINT = 'point_accounts_start_at_zero';
    END IF;
  ELSIF pg_trigger_depth() < 2 AND (NEW.debits_pending, NEW.debits_posted, NEW.credits_pending, NEW.credits_posted, NEW.kind, NEW.user_id, NEW.debits_must_not_exceed_credits)
      IS DISTINCT FROM (OLD.debits_pending, OLD.debits_posted, OLD.credits_pending, OLD.credits_posted, OLD.kind, OLD.user_id, OLD.debits_must_not_exceed_credits) THEN
    RAISE EXCEPTION 'point account % changes only through a transfer', NEW.id USING ERRCODE = 'check_violation', CONSTRAINT = 'point_accounts_change_by_transfer';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER point_accounts_guard BEFORE INSERT OR UPDATE ON "point_accounts" FOR EACH ROW EXECUTE FUNCTION point_accounts_guard();
