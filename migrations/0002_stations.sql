CREATE TABLE "stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"district_id" uuid NOT NULL,
	"street_id" uuid,
	"is_24h" boolean DEFAULT false NOT NULL,
	"weekly" jsonb NOT NULL,
	"closures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"open_minutes" "int4multirange" NOT NULL,
	"closed_dates" datemultirange NOT NULL,
	"amenities" text[] DEFAULT '{}'::text[] NOT NULL,
	"seats" integer,
	"charging_ports" integer,
	"swap_ports" integer,
	"contact_name" text,
	"contact_phone" text,
	"status" text DEFAULT 'open' NOT NULL,
	"status_note" text,
	"photos" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stations_status_check" CHECK ("stations"."status" in ('open','closed')),
	CONSTRAINT "stations_lat_check" CHECK ("stations"."lat" between -90 and 90),
	CONSTRAINT "stations_lng_check" CHECK ("stations"."lng" between -180 and 180)
);
--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_street_id_streets_id_fk" FOREIGN KEY ("street_id") REFERENCES "public"."streets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stations_external_id_idx" ON "stations" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "stations_location_gist" ON "stations" USING gist (ll_to_earth("lat", "lng"));--> statement-breakpoint
CREATE INDEX "stations_district_idx" ON "stations" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "stations_street_idx" ON "stations" USING btree ("street_id");