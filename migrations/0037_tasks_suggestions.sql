CREATE TABLE "task_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"rider_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"note" text,
	"claimed_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	"ended_at" timestamp with time zone,
	"points" integer,
	CONSTRAINT "task_claims_status_check" CHECK ("task_claims"."status" in ('active','done','confirmed','abandoned','expired'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"area" text NOT NULL,
	"private_address" text NOT NULL,
	"community_id" uuid,
	"street_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"slots" integer NOT NULL,
	"points" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"posted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_tasks_status_check" CHECK ("volunteer_tasks"."status" in ('open','cancelled')),
	CONSTRAINT "volunteer_tasks_slots_check" CHECK ("volunteer_tasks"."slots" > 0),
	CONSTRAINT "volunteer_tasks_points_check" CHECK ("volunteer_tasks"."points" >= 0),
	CONSTRAINT "volunteer_tasks_window_check" CHECK ("volunteer_tasks"."ends_at" > "volunteer_tasks"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "suggestion_supports" (
	"suggestion_id" uuid NOT NULL,
	"rider_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "suggestion_supports_suggestion_id_rider_id_pk" PRIMARY KEY("suggestion_id","rider_id")
);
--> statement-breakpoint
CREATE TABLE "suggestions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rider_id" uuid NOT NULL,
	"target_kind" text NOT NULL,
	"station_id" uuid,
	"community_id" uuid,
	"street_id" uuid,
	"district_id" uuid NOT NULL,
	"target_name" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"reply" text,
	"replied_at" timestamp with time zone,
	"replied_by" uuid,
	"decision_reason" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"support_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "suggestions_target_check" CHECK ("suggestions"."target_kind" in ('station','community','street')),
	CONSTRAINT "suggestions_status_check" CHECK ("suggestions"."status" in ('submitted','received','adopted','not_adopted'))
);
--> statement-breakpoint
ALTER TABLE "task_claims" ADD CONSTRAINT "task_claims_task_id_volunteer_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."volunteer_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_claims" ADD CONSTRAINT "task_claims_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_claims" ADD CONSTRAINT "task_claims_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_tasks" ADD CONSTRAINT "volunteer_tasks_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_tasks" ADD CONSTRAINT "volunteer_tasks_street_id_streets_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."streets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_tasks" ADD CONSTRAINT "volunteer_tasks_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_tasks" ADD CONSTRAINT "volunteer_tasks_posted_by_users_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_supports" ADD CONSTRAINT "suggestion_supports_suggestion_id_suggestions_id_fk" FOREIGN KEY ("suggestion_id") REFERENCES "public"."suggestions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_supports" ADD CONSTRAINT "suggestion_supports_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_street_id_streets_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."streets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_replied_by_users_id_fk" FOREIGN KEY ("replied_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_claims_task_idx" ON "task_claims" USING btree ("task_id","status");--> statement-breakpoint
CREATE INDEX "task_claims_rider_idx" ON "task_claims" USING btree ("rider_id","claimed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "task_claims_live_idx" ON "task_claims" USING btree ("task_id","rider_id") WHERE "task_claims"."status" in ('active','done','confirmed');--> statement-breakpoint
CREATE INDEX "volunteer_tasks_street_idx" ON "volunteer_tasks" USING btree ("street_id","starts_at");--> statement-breakpoint
CREATE INDEX "volunteer_tasks_open_idx" ON "volunteer_tasks" USING btree ("ends_at") WHERE "volunteer_tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "suggestion_supports_rider_idx" ON "suggestion_supports" USING btree ("rider_id");--> statement-breakpoint
CREATE INDEX "suggestions_rider_idx" ON "suggestions" USING btree ("rider_id","created_at");--> statement-breakpoint
CREATE INDEX "suggestions_street_idx" ON "suggestions" USING btree ("street_id","created_at");--> statement-breakpoint
CREATE INDEX "suggestions_community_idx" ON "suggestions" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE INDEX "suggestions_district_idx" ON "suggestions" USING btree ("district_id","created_at");