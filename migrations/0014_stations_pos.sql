DROP INDEX "stations_location_gist";--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "pos" "cube" GENERATED ALWAYS AS (ll_to_earth(lat, lng)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "stations_pos_gist" ON "stations" USING gist ("pos");