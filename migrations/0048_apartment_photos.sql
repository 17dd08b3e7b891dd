CREATE TABLE "apartment_photos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"apartment_id" uuid NOT NULL,
	"sort_order" integer NOT NULL,
	"storage_key" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "apartment_photos" ADD CONSTRAINT "apartment_photos_apartment_id_apartments_id_fk" FOREIGN KEY ("apartment_id") REFERENCES "public"."apartments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apartment_photos" ADD CONSTRAINT "apartment_photos_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "apartment_photos_apartment_idx" ON "apartment_photos" USING btree ("apartment_id","sort_order");--> statement-breakpoint
ALTER TABLE "apartments" DROP COLUMN "photos";