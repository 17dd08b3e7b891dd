CREATE TABLE "points_rules_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"effective_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "points_rules_documents_version_positive" CHECK ("points_rules_documents"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "community_photos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"rider_id" uuid,
	"uploaded_by" uuid,
	"storage_key" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "community_photos_purpose_check" CHECK ("community_photos"."purpose" in ('task_done','wish','wish_fulfil'))
);
--> statement-breakpoint
ALTER TABLE "task_claims" DROP CONSTRAINT "task_claims_status_check";--> statement-breakpoint
ALTER TABLE "task_claims" ADD COLUMN "photo_id" uuid;--> statement-breakpoint
ALTER TABLE "volunteer_tasks" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "volunteer_tasks" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "wishes" ADD COLUMN "photo_id" uuid;--> statement-breakpoint
ALTER TABLE "wishes" ADD COLUMN "fulfil_photo_id" uuid;--> statement-breakpoint
ALTER TABLE "wishes" ADD COLUMN "fulfil_photo_public" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "points_rules_documents" ADD CONSTRAINT "points_rules_documents_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_rules_documents" ADD CONSTRAINT "points_rules_documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_photos" ADD CONSTRAINT "community_photos_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_photos" ADD CONSTRAINT "community_photos_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "points_rules_documents_version_idx" ON "points_rules_documents" USING btree ("district_id","version");--> statement-breakpoint
CREATE INDEX "community_photos_rider_idx" ON "community_photos" USING btree ("rider_id");--> statement-breakpoint
ALTER TABLE "task_claims" ADD CONSTRAINT "task_claims_photo_id_community_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."community_photos"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_photo_id_community_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."community_photos"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_fulfil_photo_id_community_photos_id_fk" FOREIGN KEY ("fulfil_photo_id") REFERENCES "public"."community_photos"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_claims" ADD CONSTRAINT "task_claims_status_check" CHECK ("task_claims"."status" in ('active','done','confirmed','abandoned','expired','cancelled'));