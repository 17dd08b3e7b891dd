CREATE INDEX "communities_pos_gist" ON "communities" USING gist (ll_to_earth("lat", "lng"));--> statement-breakpoint
CREATE INDEX "districts_boundary_gist" ON "districts" USING gist ("boundary");