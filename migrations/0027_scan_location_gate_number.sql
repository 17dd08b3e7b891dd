ALTER TABLE "community_access" ALTER COLUMN "require_location" SET DEFAULT true;--> statement-breakpoint
ALTER TABLE "community_access" ALTER COLUMN "max_distance_m" SET DEFAULT 300;--> statement-breakpoint
ALTER TABLE "gates" ADD COLUMN "short_code" text;--> statement-breakpoint
CREATE UNIQUE INDEX "gates_short_code_idx" ON "gates" USING btree ("short_code");--> statement-breakpoint
-- 扫码位置核验 was off by default and hidden: turn it on for every community that has it off,
-- within at least the new default radius (a radius an admin set larger stays).
UPDATE "community_access" SET "require_location" = true, "max_distance_m" = greatest("max_distance_m", 300) WHERE NOT "require_location";
