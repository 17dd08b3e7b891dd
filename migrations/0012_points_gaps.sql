CREATE TABLE "district_earning_rules" (
	"district_id" uuid NOT NULL,
	"code" text NOT NULL,
	"points" integer NOT NULL,
	"daily_cap" integer,
	"monthly_cap" integer,
	"active" boolean DEFAULT true NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "district_earning_rules_district_id_code_pk" PRIMARY KEY("district_id","code"),
	CONSTRAINT "district_earning_rules_points_positive" CHECK ("district_earning_rules"."points" > 0),
	CONSTRAINT "district_earning_rules_caps_positive" CHECK (coalesce("district_earning_rules"."daily_cap", 1) > 0 and coalesce("district_earning_rules"."monthly_cap", 1) > 0)
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "district_earning_rules" ADD CONSTRAINT "district_earning_rules_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "district_earning_rules" ADD CONSTRAINT "district_earning_rules_code_earning_rules_code_fk" FOREIGN KEY ("code") REFERENCES "public"."earning_rules"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "district_earning_rules" ADD CONSTRAINT "district_earning_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_idx" ON "notifications" USING btree ("user_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" is null;