CREATE TABLE "rider_suspensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rider_id" uuid NOT NULL,
	"action" text NOT NULL,
	"reason" text NOT NULL,
	"actor_id" uuid,
	"actor_role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rider_suspensions_action_check" CHECK ("rider_suspensions"."action" in ('suspend','lift'))
);
--> statement-breakpoint
ALTER TABLE "rider_profiles" ADD COLUMN "suspension_reason" text;--> statement-breakpoint
ALTER TABLE "rider_profiles" ADD COLUMN "suspended_by" uuid;--> statement-breakpoint
ALTER TABLE "rider_profiles" ADD COLUMN "suspended_by_role" text;--> statement-breakpoint
ALTER TABLE "rider_suspensions" ADD CONSTRAINT "rider_suspensions_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rider_suspensions" ADD CONSTRAINT "rider_suspensions_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rider_suspensions_rider_idx" ON "rider_suspensions" USING btree ("rider_id","created_at");--> statement-breakpoint
ALTER TABLE "rider_profiles" ADD CONSTRAINT "rider_profiles_suspended_by_users_id_fk" FOREIGN KEY ("suspended_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Hand-written below (drizzle-kit does not generate data changes): building guides written before
-- labelled entrances existed get `entrances` from their single `entrance` (label empty), so every
-- stored guide has the same shape. `entrance` itself is kept for clients that predate `entrances`.
UPDATE "community_access" SET "buildings" = (
	SELECT coalesce(jsonb_agg(
		CASE
			WHEN b ? 'entrances' THEN b
			WHEN jsonb_typeof(b->'entrance') = 'object' THEN b || jsonb_build_object('entrances', jsonb_build_array((b->'entrance') || '{"label":""}'::jsonb))
			ELSE b || '{"entrances":[]}'::jsonb
		END ORDER BY ord), '[]'::jsonb)
	FROM jsonb_array_elements("buildings") WITH ORDINALITY AS t(b, ord)
) WHERE jsonb_typeof("buildings") = 'array' AND jsonb_array_length("buildings") > 0;
