-- point_account_shards_guard: the system accounts' balances are spread over 16 shard rows each, so
-- concurrent transfers of different riders do not queue on one row. Shards, like accounts, start
-- at zero, change only through a transfer (trigger depth 2) and are never deleted; only system
-- accounts have them, so a rider's balance stays on its row under the overdraft CHECK.
CREATE OR REPLACE FUNCTION point_account_shards_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'point account shards are never deleted' USING ERRCODE = 'check_violation', CONSTRAINT = 'point_accounts_never_deleted';
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.debits_pending <> 0 OR NEW.debits_posted <> 0 OR NEW.credits_pending <> 0 OR NEW.credits_posted <> 0 THEN
      RAISE EXCEPTION 'point account shard %/% must start at zero', NEW.account_id, NEW.shard USING ERRCODE = 'check_violation', CONSTRAINT = 'point_accounts_start_at_zero';
    END IF;
    -- A rider's balance stays on its row, under the overdraft CHECK.
    IF EXISTS (SELECT 1 FROM point_accounts WHERE id = NEW.account_id AND kind = 'rider') THEN
      RAISE EXCEPTION 'rider account % has no shards', NEW.account_id USING ERRCODE = 'check_violation', CONSTRAINT = 'point_account_shards_system_only';
    END IF;
    RETURN NEW;
  ELSIF pg_trigger_depth() < 2 OR (NEW.account_id, NEW.shard) IS DISTINCT FROM (OLD.account_id, OLD.shard) THEN
    RAISE EXCEPTION 'point account shard %/% changes only through a transfer', OLD.account_id, OLD.shard USING ERRCODE = 'check_violation', CONSTRAINT = 'point_accounts_change_by_transfer';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER point_account_shards_guard BEFORE INSERT OR UPDATE OR DELETE ON "point_account_shards" FOR EACH ROW EXECUTE FUNCTION point_account_shards_guard();
