-- Hand-written first part: points notices move into the one inbox (notifications), keeping their
-- dedupe keys and read state; then drizzle-kit's drop of the old table.
INSERT INTO "notifications" ("user_id", "kind", "title", "body", "dedupe_key", "read_at", "created_at")
  SELECT "user_id", "kind", "title", "body", "dedupe_key", "read_at", "created_at" FROM "point_notices"
  ON CONFLICT DO NOTHING;--> statement-breakpoint
DROP TABLE "point_notices" CASCADE;
