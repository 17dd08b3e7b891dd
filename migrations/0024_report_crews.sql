CREATE TABLE "report_alerts" (
	"report_id" uuid NOT NULL,
	"deadline" text NOT NULL,
	"alerted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "report_alerts_report_id_deadline_pk" PRIMARY KEY("report_id","deadline"),
	CONSTRAINT "report_alerts_deadline_check" CHECK ("report_alerts"."deadline" in ('accept','on_site','fix'))
);
--> statement-breakpoint
ALTER TABLE "report_categories" ADD COLUMN "on_site_within_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "on_site_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "report_alerts" ADD CONSTRAINT "report_alerts_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reports_team_state_idx" ON "reports" USING btree ("team_id","state");--> statement-breakpoint
CREATE INDEX "reports_accept_due_idx" ON "reports" USING btree ("accept_due_at") WHERE "reports"."state" = 'submitted';--> statement-breakpoint
CREATE INDEX "reports_on_site_due_idx" ON "reports" USING btree ("on_site_due_at") WHERE "reports"."state" = 'dispatched';--> statement-breakpoint
CREATE INDEX "reports_fix_due_idx" ON "reports" USING btree ("fix_due_at") WHERE "reports"."state" in ('accepted','dispatched','on_site');