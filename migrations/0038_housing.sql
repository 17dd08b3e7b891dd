CREATE TABLE "apartment_beds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"room_id" uuid NOT NULL,
	"apartment_id" uuid NOT NULL,
	"code" text NOT NULL,
	"monthly_price" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "apartment_beds_status_check" CHECK ("apartment_beds"."status" in ('active','closed')),
	CONSTRAINT "apartment_beds_price_check" CHECK ("apartment_beds"."monthly_price" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "apartment_rooms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"apartment_id" uuid NOT NULL,
	"name" text NOT NULL,
	"floor" integer,
	"gender" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "apartment_rooms_gender_check" CHECK ("apartment_rooms"."gender" in ('male','female','any'))
);
--> statement-breakpoint
CREATE TABLE "apartments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_id" uuid NOT NULL,
	"street_id" uuid,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"operator_name" text NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"rules" text DEFAULT '' NOT NULL,
	"costs" text DEFAULT '' NOT NULL,
	"facilities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "apartments_lat_check" CHECK ("apartments"."lat" between -90 and 90),
	CONSTRAINT "apartments_lng_check" CHECK ("apartments"."lng" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "bed_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"bed_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"status" text NOT NULL,
	"moved_in_at" timestamp with time zone,
	"moved_out_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bed_allocations_status_check" CHECK ("bed_allocations"."status" in ('offered','occupied','ended','cancelled')),
	CONSTRAINT "bed_allocations_dates_check" CHECK ("bed_allocations"."end_date" > "bed_allocations"."start_date")
);
--> statement-breakpoint
CREATE TABLE "housing_application_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"step" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "housing_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rider_id" uuid NOT NULL,
	"apartment_id" uuid NOT NULL,
	"from_date" date NOT NULL,
	"months" integer NOT NULL,
	"needs" text DEFAULT '' NOT NULL,
	"gender" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "housing_applications_status_check" CHECK ("housing_applications"."status" in ('submitted','waitlisted','offered','declined','moved_in','moved_out')),
	CONSTRAINT "housing_applications_months_check" CHECK ("housing_applications"."months" between 1 and 12),
	CONSTRAINT "housing_applications_gender_check" CHECK ("housing_applications"."gender" in ('male','female','any'))
);
--> statement-breakpoint
ALTER TABLE "invitations" DROP CONSTRAINT "invitations_role_check";--> statement-breakpoint
ALTER TABLE "staff_scopes" DROP CONSTRAINT "staff_scopes_kind_check";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_role_check";--> statement-breakpoint
ALTER TABLE "apartment_beds" ADD CONSTRAINT "apartment_beds_room_id_apartment_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."apartment_rooms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apartment_beds" ADD CONSTRAINT "apartment_beds_apartment_id_apartments_id_fk" FOREIGN KEY ("apartment_id") REFERENCES "public"."apartments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apartment_rooms" ADD CONSTRAINT "apartment_rooms_apartment_id_apartments_id_fk" FOREIGN KEY ("apartment_id") REFERENCES "public"."apartments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apartments" ADD CONSTRAINT "apartments_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apartments" ADD CONSTRAINT "apartments_street_id_streets_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."streets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bed_allocations" ADD CONSTRAINT "bed_allocations_bed_id_apartment_beds_id_fk" FOREIGN KEY ("bed_id") REFERENCES "public"."apartment_beds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bed_allocations" ADD CONSTRAINT "bed_allocations_application_id_housing_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."housing_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_application_steps" ADD CONSTRAINT "housing_application_steps_application_id_housing_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."housing_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_application_steps" ADD CONSTRAINT "housing_application_steps_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_applications" ADD CONSTRAINT "housing_applications_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "housing_applications" ADD CONSTRAINT "housing_applications_apartment_id_apartments_id_fk" FOREIGN KEY ("apartment_id") REFERENCES "public"."apartments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "apartment_beds_code_idx" ON "apartment_beds" USING btree ("room_id","code");--> statement-breakpoint
CREATE INDEX "apartment_beds_apartment_idx" ON "apartment_beds" USING btree ("apartment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "apartment_rooms_name_idx" ON "apartment_rooms" USING btree ("apartment_id","name");--> statement-breakpoint
CREATE INDEX "apartments_district_idx" ON "apartments" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "bed_allocations_application_idx" ON "bed_allocations" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "housing_application_steps_application_idx" ON "housing_application_steps" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "housing_applications_rider_idx" ON "housing_applications" USING btree ("rider_id");--> statement-breakpoint
CREATE INDEX "housing_applications_apartment_idx" ON "housing_applications" USING btree ("apartment_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "housing_applications_open_idx" ON "housing_applications" USING btree ("rider_id","apartment_id") WHERE "housing_applications"."status" in ('submitted','waitlisted','offered','moved_in');--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_role_check" CHECK ("invitations"."role" in ('community_admin','street_operator','merchant','district_admin','gate_guard','crew_member','mediator','apartment_operator'));--> statement-breakpoint
ALTER TABLE "staff_scopes" ADD CONSTRAINT "staff_scopes_kind_check" CHECK ("staff_scopes"."kind" in ('district','street','community','merchant','gate','team','apartment'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" in ('rider','community_admin','street_operator','merchant','district_admin','gate_guard','crew_member','mediator','apartment_operator'));