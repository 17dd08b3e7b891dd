CREATE TABLE "user_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"version" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"channel" text NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_status_check";--> statement-breakpoint
ALTER TABLE "point_transfers" DROP CONSTRAINT "point_transfers_reason_check";--> statement-breakpoint
ALTER TABLE "report_photos" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "user_consents" ADD CONSTRAINT "user_consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_consents_user_idx" ON "user_consents" USING btree ("user_id","accepted_at");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_status_check" CHECK ("users"."status" in ('active','suspended','deleted'));--> statement-breakpoint
ALTER TABLE "point_transfers" ADD CONSTRAINT "point_transfers_reason_check" CHECK ("point_transfers"."reason" in ('report_accepted','staff_grant','voucher_hold','voucher_used','voucher_cancelled','voucher_expired','points_expired','reversal','account_deleted'));