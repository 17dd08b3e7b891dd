CREATE TABLE "earning_rules" (
	"code" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"points" integer NOT NULL,
	"daily_cap" integer,
	"monthly_cap" integer,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "earning_rules_points_positive" CHECK ("earning_rules"."points" > 0),
	CONSTRAINT "earning_rules_caps_positive" CHECK (coalesce("earning_rules"."daily_cap", 1) > 0 and coalesce("earning_rules"."monthly_cap", 1) > 0)
);
--> statement-breakpoint
CREATE TABLE "point_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"debits_pending" bigint DEFAULT 0 NOT NULL,
	"debits_posted" bigint DEFAULT 0 NOT NULL,
	"credits_pending" bigint DEFAULT 0 NOT NULL,
	"credits_posted" bigint DEFAULT 0 NOT NULL,
	"debits_must_not_exceed_credits" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "point_accounts_user_id_unique" UNIQUE("user_id"),
	CONSTRAINT "point_accounts_kind_check" CHECK ("point_accounts"."kind" in ('rider','issuance','redeemed','expired')),
	CONSTRAINT "point_accounts_owner_check" CHECK (("point_accounts"."kind" = 'rider') = ("point_accounts"."user_id" is not null)),
	CONSTRAINT "point_accounts_rider_flag_check" CHECK ("point_accounts"."kind" <> 'rider' or "point_accounts"."debits_must_not_exceed_credits"),
	CONSTRAINT "debits_must_not_exceed_credits" CHECK (not "point_accounts"."debits_must_not_exceed_credits" or "point_accounts"."debits_posted" + "point_accounts"."debits_pending" <= "point_accounts"."credits_posted"),
	CONSTRAINT "point_accounts_non_negative" CHECK ("point_accounts"."debits_pending" >= 0 and "point_accounts"."debits_posted" >= 0 and "point_accounts"."credits_pending" >= 0 and "point_accounts"."credits_posted" >= 0)
);
--> statement-breakpoint
CREATE TABLE "point_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"amount" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "point_notices_kind_check" CHECK ("point_notices"."kind" in ('points_expiring','voucher_expiring'))
);
--> statement-breakpoint
CREATE TABLE "point_transfers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"debit_account_id" uuid NOT NULL,
	"credit_account_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"kind" text NOT NULL,
	"pending_id" uuid,
	"reason" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"rule_code" text,
	"note" text,
	"reverses_id" uuid,
	"expires_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "point_transfers_amount_positive" CHECK ("point_transfers"."amount" > 0),
	CONSTRAINT "point_transfers_distinct_accounts" CHECK ("point_transfers"."debit_account_id" <> "point_transfers"."credit_account_id"),
	CONSTRAINT "point_transfers_kind_check" CHECK ("point_transfers"."kind" in ('single','pending','post_pending','void_pending')),
	CONSTRAINT "point_transfers_pending_id_check" CHECK (("point_transfers"."kind" in ('post_pending','void_pending')) = ("point_transfers"."pending_id" is not null)),
	CONSTRAINT "point_transfers_reason_check" CHECK ("point_transfers"."reason" in ('report_accepted','staff_grant','voucher_hold','voucher_used','voucher_cancelled','voucher_expired','points_expired','reversal')),
	CONSTRAINT "point_transfers_grant_note_check" CHECK ("point_transfers"."reason" <> 'staff_grant' or length("point_transfers"."note") > 0)
);
--> statement-breakpoint
CREATE TABLE "reward_stock" (
	"reward_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"total" integer NOT NULL,
	"remaining" integer NOT NULL,
	CONSTRAINT "reward_stock_reward_id_period_start_pk" PRIMARY KEY("reward_id","period_start"),
	CONSTRAINT "reward_stock_remaining_range" CHECK ("reward_stock"."remaining" >= 0 and "reward_stock"."remaining" <= "reward_stock"."total")
);
--> statement-breakpoint
CREATE TABLE "rewards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price_points" integer NOT NULL,
	"stock_per_period" integer NOT NULL,
	"period" text DEFAULT 'month' NOT NULL,
	"per_rider_monthly_limit" integer,
	"voucher_valid_days" integer DEFAULT 7 NOT NULL,
	"hours" text DEFAULT '' NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rewards_price_positive" CHECK ("rewards"."price_points" > 0),
	CONSTRAINT "rewards_stock_non_negative" CHECK ("rewards"."stock_per_period" >= 0),
	CONSTRAINT "rewards_period_check" CHECK ("rewards"."period" in ('day','week','month')),
	CONSTRAINT "rewards_limit_positive" CHECK (coalesce("rewards"."per_rider_monthly_limit", 1) > 0),
	CONSTRAINT "rewards_valid_days_positive" CHECK ("rewards"."voucher_valid_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"rider_id" uuid NOT NULL,
	"reward_id" uuid NOT NULL,
	"merchant_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"points" integer NOT NULL,
	"hold_transfer_id" uuid NOT NULL,
	"short_code_hash" text NOT NULL,
	"stock_period" date NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolution_transfer_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vouchers_hold_transfer_id_unique" UNIQUE("hold_transfer_id"),
	CONSTRAINT "vouchers_short_code_hash_unique" UNIQUE("short_code_hash"),
	CONSTRAINT "vouchers_resolution_transfer_id_unique" UNIQUE("resolution_transfer_id"),
	CONSTRAINT "vouchers_status_check" CHECK ("vouchers"."status" in ('issued','used','cancelled','expired')),
	CONSTRAINT "vouchers_resolved_check" CHECK (("vouchers"."status" = 'issued') = ("vouchers"."resolved_at" is null) and ("vouchers"."status" = 'issued') = ("vouchers"."resolution_transfer_id" is null))
);
--> statement-breakpoint
ALTER TABLE "point_accounts" ADD CONSTRAINT "point_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_notices" ADD CONSTRAINT "point_notices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_transfers" ADD CONSTRAINT "point_transfers_debit_account_id_point_accounts_id_fk" FOREIGN KEY ("debit_account_id") REFERENCES "public"."point_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_transfers" ADD CONSTRAINT "point_transfers_credit_account_id_point_accounts_id_fk" FOREIGN KEY ("credit_account_id") REFERENCES "public"."point_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_transfers" ADD CONSTRAINT "point_transfers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_stock" ADD CONSTRAINT "reward_stock_reward_id_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."rewards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_reward_id_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."rewards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_resolution_transfer_id_point_transfers_id_fk" FOREIGN KEY ("resolution_transfer_id") REFERENCES "public"."point_transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "point_notices_dedupe_idx" ON "point_notices" USING btree ("user_id","dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "point_transfers_resolves_once" ON "point_transfers" USING btree ("pending_id");--> statement-breakpoint
CREATE UNIQUE INDEX "point_transfers_reversed_once" ON "point_transfers" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "point_transfers_debit_idx" ON "point_transfers" USING btree ("debit_account_id","created_at");--> statement-breakpoint
CREATE INDEX "point_transfers_credit_idx" ON "point_transfers" USING btree ("credit_account_id","created_at");--> statement-breakpoint
CREATE INDEX "rewards_merchant_idx" ON "rewards" USING btree ("merchant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_idempotency_idx" ON "vouchers" USING btree ("rider_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "vouchers_rider_idx" ON "vouchers" USING btree ("rider_id","created_at");--> statement-breakpoint
CREATE INDEX "vouchers_reward_month_idx" ON "vouchers" USING btree ("reward_id","rider_id","created_at");--> statement-breakpoint
CREATE INDEX "vouchers_merchant_idx" ON "vouchers" USING btree ("merchant_id","resolved_at");--> statement-breakpoint
CREATE INDEX "vouchers_open_idx" ON "vouchers" USING btree ("expires_at") WHERE "vouchers"."status" = 'issued';
--> statement-breakpoint
-- Hand-written below (drizzle-kit does not generate these): the ledger's invariants live in the
-- database, so no code path, script or psql session can break them.
ALTER TABLE "point_transfers" ADD CONSTRAINT "point_transfers_pending_id_fk" FOREIGN KEY ("pending_id") REFERENCES "point_transfers"("id");--> statement-breakpoint
ALTER TABLE "point_transfers" ADD CONSTRAINT "point_transfers_reverses_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "point_transfers"("id");--> statement-breakpoint
-- Deferred to commit: redeem inserts the voucher before its hold, so the hot rows the hold locks
-- (stock, the redeemed account) are locked by the last statement of the transaction.
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_hold_transfer_id_fk" FOREIGN KEY ("hold_transfer_id") REFERENCES "point_transfers"("id") DEFERRABLE INITIALLY DEFERRED;--> statement-breakpoint
-- System accounts with fixed ids. They sort before every random uuid: the apply trigger locks
-- accounts in descending id order, so a hot system account is locked last and held shortest.
INSERT INTO "point_accounts" ("id", "kind") VALUES
  ('00000000-0000-4000-8000-000000000001', 'issuance'),
  ('00000000-0000-4000-8000-000000000002', 'redeemed'),
  ('00000000-0000-4000-8000-000000000003', 'expired');--> statement-breakpoint
-- Balances move only through a transfer: accounts start at zero and their four totals may be
-- changed only by point_transfers_apply (trigger depth 2), never by a direct UPDATE.
CREATE FUNCTION point_accounts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
END $$;--> statement-breakpoint
CREATE TRIGGER point_accounts_guard BEFORE INSERT OR UPDATE ON "point_accounts" FOR EACH ROW EXECUTE FUNCTION point_accounts_guard();--> statement-breakpoint
CREATE FUNCTION point_accounts_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'point accounts are never deleted' USING ERRCODE = 'check_violation', CONSTRAINT = 'point_accounts_never_deleted';
END $$;--> statement-breakpoint
CREATE TRIGGER point_accounts_no_delete BEFORE DELETE ON "point_accounts" FOR EACH ROW EXECUTE FUNCTION point_accounts_no_delete();--> statement-breakpoint
-- Transfers are immutable: corrections are reversals (a new transfer), never edits.
CREATE FUNCTION point_transfers_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'point transfers are immutable' USING ERRCODE = 'check_violation', CONSTRAINT = 'point_transfers_immutable';
END $$;--> statement-breakpoint
CREATE TRIGGER point_transfers_immutable BEFORE UPDATE OR DELETE ON "point_transfers" FOR EACH ROW EXECUTE FUNCTION point_transfers_immutable();--> statement-breakpoint
-- Applies a transfer to both accounts in the same statement as its insert: every amount lands
-- once on a debit and once on a credit, so all accounts sum to zero by construction, and the
-- debits_must_not_exceed_credits CHECK refuses an overdraft of a rider (the insert fails).
-- post/void must name the same accounts and amount as the hold; the unique index
-- point_transfers_resolves_once makes a second resolution of a hold fail.
CREATE FUNCTION point_transfers_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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
  -- Fixed lock order (descending id) so concurrent transfers never deadlock on accounts.
  IF NEW.debit_account_id > NEW.credit_account_id THEN
    UPDATE point_accounts SET debits_pending = debits_pending + d_pending, debits_posted = debits_posted + d_posted WHERE id = NEW.debit_account_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 1 THEN
      UPDATE point_accounts SET credits_pending = credits_pending + c_pending, credits_posted = credits_posted + c_posted WHERE id = NEW.credit_account_id;
      GET DIAGNOSTICS n = ROW_COUNT;
    END IF;
  ELSE
    UPDATE point_accounts SET credits_pending = credits_pending + c_pending, credits_posted = credits_posted + c_posted WHERE id = NEW.credit_account_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 1 THEN
      UPDATE point_accounts SET debits_pending = debits_pending + d_pending, debits_posted = debits_posted + d_posted WHERE id = NEW.debit_account_id;
      GET DIAGNOSTICS n = ROW_COUNT;
    END IF;
  END IF;
  IF n <> 1 THEN
    RAISE EXCEPTION 'transfer % names an unknown account', NEW.id USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'point_transfers_accounts_exist';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER point_transfers_apply AFTER INSERT ON "point_transfers" FOR EACH ROW EXECUTE FUNCTION point_transfers_apply();
--> statement-breakpoint
-- Default earning rules (data, editable by district staff later): 2 points per accepted report.
INSERT INTO "earning_rules" ("code", "label", "points", "daily_cap", "monthly_cap") VALUES
  ('report_accepted', '随手拍上报被受理', 2, 20, 200),
  ('volunteer_meal_delivery', '送餐助老', 20, 20, 200),
  ('volunteer_service', '志愿服务', 20, 20, 200);
