CREATE TABLE "wish_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wish_id" uuid NOT NULL,
	"step" text NOT NULL,
	"note" text,
	"actor_id" uuid,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "wish_steps_step_check" CHECK ("wish_steps"."step" in ('submitted','approved','rejected','adopted','fulfilled','received'))
);
--> statement-breakpoint
CREATE TABLE "wishes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rider_id" uuid NOT NULL,
	"target_kind" text NOT NULL,
	"community_id" uuid,
	"street_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"target_name" text NOT NULL,
	"category" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"reject_reason" text,
	"adopter_name" text,
	"fulfil_note" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "wishes_target_check" CHECK ("wishes"."target_kind" in ('community','street')),
	CONSTRAINT "wishes_status_check" CHECK ("wishes"."status" in ('submitted','approved','rejected','adopted','fulfilled','received'))
);
--> statement-breakpoint
ALTER TABLE "wish_steps" ADD CONSTRAINT "wish_steps_wish_id_wishes_id_fk" FOREIGN KEY ("wish_id") REFERENCES "public"."wishes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_steps" ADD CONSTRAINT "wish_steps_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_street_id_streets_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."streets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wish_steps_wish_idx" ON "wish_steps" USING btree ("wish_id","at");--> statement-breakpoint
CREATE INDEX "wishes_rider_idx" ON "wishes" USING btree ("rider_id","created_at");--> statement-breakpoint
CREATE INDEX "wishes_street_idx" ON "wishes" USING btree ("street_id","created_at");--> statement-breakpoint
CREATE INDEX "wishes_community_idx" ON "wishes" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE INDEX "wishes_status_idx" ON "wishes" USING btree ("status","updated_at");