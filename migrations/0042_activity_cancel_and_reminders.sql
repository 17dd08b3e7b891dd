ALTER TABLE "activities" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "activity_signups" ADD COLUMN "subscriptions" text[] DEFAULT '{}'::text[] NOT NULL;