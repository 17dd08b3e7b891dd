-- Housing: a bed is never given to two riders for overlapping dates, enforced by the database.
-- drizzle cannot declare an exclusion constraint, so it lives here (keep it when regenerating).
-- btree_gist lets a GiST index hold the bed's uuid (=) beside the date range (&&); PGlite loads it
-- as a contrib extension (PGLITE_EXTENSIONS in server/src/db/client.ts), PostgreSQL from contrib.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "bed_allocations" ADD CONSTRAINT "bed_allocations_no_overlap"
  EXCLUDE USING gist ("bed_id" WITH =, daterange("start_date", "end_date") WITH &&)
  WHERE ("status" in ('offered','occupied'));
