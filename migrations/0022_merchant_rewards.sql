CREATE TABLE "district_reward_limits" (
	"district_id" uuid PRIMARY KEY NOT NULL,
	"min_price_points" integer,
	"max_price_points" integer,
	"max_stock_per_period" integer,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "district_reward_limits_positive" CHECK (coalesce("district_reward_limits"."min_price_points", 1) > 0 and coalesce("district_reward_limits"."max_price_points", 1) > 0 and coalesce("district_reward_limits"."max_stock_per_period", 1) > 0),
	CONSTRAINT "district_reward_limits_price_order" CHECK ("district_reward_limits"."min_price_points" is null or "district_reward_limits"."max_price_points" is null or "district_reward_limits"."min_price_points" <= "district_reward_limits"."max_price_points")
);
--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "settlement_fen" integer;--> statement-breakpoint
ALTER TABLE "district_reward_limits" ADD CONSTRAINT "district_reward_limits_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "district_reward_limits" ADD CONSTRAINT "district_reward_limits_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_settlement_non_negative" CHECK (coalesce("rewards"."settlement_fen", 0) >= 0);