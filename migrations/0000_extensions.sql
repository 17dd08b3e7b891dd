-- Spatial work that runs the same on PGlite and PostgreSQL 15: cube + earthdistance for
-- nearest/radius (GiST on ll_to_earth), built-in polygon/point for area routing.
CREATE EXTENSION IF NOT EXISTS cube;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;
