ALTER TABLE "reports" ADD COLUMN "source" text DEFAULT 'app' NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "reports_fixed_idx" ON "reports" USING btree ("fixed_at") WHERE "reports"."state" = 'fixed';--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_source_check" CHECK ("reports"."source" in ('app','open311'));--> statement-breakpoint
-- Hand-written: reports filed through Open311 before `source` existed were made by the per-key
-- partner accounts (openid 'open311:…'); mark them so they are shown and credited as partner reports.
UPDATE "reports" SET "source" = 'open311'
  WHERE "reporter_id" IN (SELECT "id" FROM "users" WHERE "openid" LIKE 'open311:%');
