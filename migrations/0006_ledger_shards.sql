CREATE TABLE "point_account_shards" (
	"account_id" uuid NOT NULL,
	"shard" smallint NOT NULL,
	"debits_pending" bigint DEFAULT 0 NOT NULL,
	"debits_posted" bigint DEFAULT 0 NOT NULL,
	"credits_pending" bigint DEFAULT 0 NOT NULL,
	"credits_posted" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "point_account_shards_account_id_shard_pk" PRIMARY KEY("account_id","shard"),
	CONSTRAINT "point_account_shards_shard_check" CHECK ("point_account_shards"."shard" between 0 and 15)
);
--> statement-breakpoint
ALTER TABLE "point_account_shards" ADD CONSTRAINT "point_account_shards_account_id_point_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."point_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-written below (drizzle-kit does not generate these). The system accounts' balances move to
-- 16 shard rows each, so concurrent transfers of different riders no longer queue on one row for
-- each other's commit. Balances already on the system rows stay there: an account's balance is
-- its row plus its shards.
INSERT INTO "point_account_shards" ("account_id", "shard")
  SELECT a.id, s FROM "point_accounts" a CROSS JOIN generate_series(0, 15) AS s WHERE a.kind <> 'rider';--> statement-breakpoint
-- Shards, like accounts, start at zero and change only through a transfer (trigger depth 2);
-- only system accounts have them.
CREATE FUNCTION point_account_shards_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
END $$;--> statement-breakpoint
CREATE TRIGGER point_account_shards_guard BEFORE INSERT OR UPDATE OR DELETE ON "point_account_shards" FOR EACH ROW EXECUTE FUNCTION point_account_shards_guard();--> statement-breakpoint
-- One side of a transfer: on a shard of the account when it has shards (system accounts), chosen
-- by the other account, else on the account's own row (riders: the overdraft CHECK is there).
-- Returns the number of rows changed (0: unknown account).
CREATE FUNCTION point_apply_side(account uuid, other uuid, d_pending bigint, d_posted bigint, c_pending bigint, c_posted bigint)
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
END $$;--> statement-breakpoint
-- As in 0004, with each side applied by point_apply_side. The lock order stays fixed: the side
-- with the greater id first (system accounts sort first, so their shard is locked last).
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
END $$;--> statement-breakpoint
CREATE VIEW "point_account_balances" AS
  SELECT a.id, a.kind, a.user_id,
         a.debits_pending + coalesce(s.debits_pending, 0) AS debits_pending,
         a.debits_posted + coalesce(s.debits_posted, 0) AS debits_posted,
         a.credits_pending + coalesce(s.credits_pending, 0) AS credits_pending,
         a.credits_posted + coalesce(s.credits_posted, 0) AS credits_posted
    FROM point_accounts a
    LEFT JOIN (SELECT account_id, sum(debits_pending)::bigint AS debits_pending, sum(debits_posted)::bigint AS debits_posted,
                      sum(credits_pending)::bigint AS credits_pending, sum(credits_posted)::bigint AS credits_posted
                 FROM point_account_shards GROUP BY account_id) s ON s.account_id = a.id;
