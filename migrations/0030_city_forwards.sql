CREATE TABLE "city_forwards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"requested_by" uuid,
	"service_code" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"maybe_sent" boolean DEFAULT false NOT NULL,
	"first_attempt_at" timestamp with time zone,
	"last_error" text,
	"token" text,
	"service_request_id" text,
	"city_status" text,
	"city_status_notes" text,
	"city_updated_at" timestamp with time zone,
	"next_poll_at" timestamp with time zone,
	"forwarded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "city_forwards_state_check" CHECK ("city_forwards"."state" in ('pending','token','forwarded','closed','dead')),
	CONSTRAINT "city_forwards_reason_check" CHECK ("city_forwards"."reason" in ('city_category','overdue','manual'))
);
--> statement-breakpoint
ALTER TABLE "report_categories" ADD COLUMN "city_level" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "city_forwards" ADD CONSTRAINT "city_forwards_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_forwards" ADD CONSTRAINT "city_forwards_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "city_forwards_report_idx" ON "city_forwards" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "city_forwards_due_idx" ON "city_forwards" USING btree ("next_attempt_at") WHERE "city_forwards"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "city_forwards_poll_idx" ON "city_forwards" USING btree ("next_poll_at") WHERE "city_forwards"."state" in ('token','forwarded');