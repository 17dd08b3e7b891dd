CREATE TABLE "access_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"gate_id" uuid,
	"community_id" uuid,
	"rider_id" uuid,
	"method" text NOT NULL,
	"granted" boolean NOT NULL,
	"reason" text NOT NULL,
	"checked_by" uuid,
	"code_nonce" text,
	"scanned_at" timestamp with time zone NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"distance_m" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_events_method_check" CHECK ("access_events"."method" in ('gate_code','rider_code'))
);
--> statement-breakpoint
CREATE TABLE "access_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"station_name" text,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"approval" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_agreements_approval_check" CHECK ("access_agreements"."approval" in ('auto','manual'))
);
--> statement-breakpoint
CREATE TABLE "community_access" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"require_location" boolean DEFAULT false NOT NULL,
	"max_distance_m" integer DEFAULT 200 NOT NULL,
	"buildings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"parking" jsonb,
	"transfer_point" jsonb,
	"notes" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"code_version" integer DEFAULT 1 NOT NULL,
	"device_key_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gates_kind_check" CHECK ("gates"."kind" in ('smart','guarded'))
);
--> statement-breakpoint
CREATE TABLE "passes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rider_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"agreement_id" uuid,
	"status" text NOT NULL,
	"reason" text,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"expires_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "passes_status_check" CHECK ("passes"."status" in ('pending','approved','rejected','revoked','expired'))
);
--> statement-breakpoint
CREATE TABLE "rider_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"real_name" text NOT NULL,
	"phone" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_last4" text NOT NULL,
	"platform" text NOT NULL,
	"station_name" text NOT NULL,
	"vehicle_kind" text NOT NULL,
	"plate" text,
	"suspended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_gate_id_gates_id_fk" FOREIGN KEY ("gate_id") REFERENCES "public"."gates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_agreements" ADD CONSTRAINT "access_agreements_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_access" ADD CONSTRAINT "community_access_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gates" ADD CONSTRAINT "gates_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passes" ADD CONSTRAINT "passes_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passes" ADD CONSTRAINT "passes_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passes" ADD CONSTRAINT "passes_agreement_id_access_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."access_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "passes" ADD CONSTRAINT "passes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rider_profiles" ADD CONSTRAINT "rider_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_events_rider_gate_idx" ON "access_events" USING btree ("rider_id","gate_id","created_at");--> statement-breakpoint
CREATE INDEX "access_events_community_idx" ON "access_events" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE INDEX "access_events_gate_granted_idx" ON "access_events" USING btree ("gate_id","created_at");--> statement-breakpoint
CREATE INDEX "access_events_created_idx" ON "access_events" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "access_events_nonce_idx" ON "access_events" USING btree ("code_nonce");--> statement-breakpoint
CREATE INDEX "access_agreements_community_idx" ON "access_agreements" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "gates_community_idx" ON "gates" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "passes_rider_community_idx" ON "passes" USING btree ("rider_id","community_id");--> statement-breakpoint
CREATE INDEX "passes_community_status_idx" ON "passes" USING btree ("community_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "rider_profiles_id_hash_idx" ON "rider_profiles" USING btree ("id_number_hash");