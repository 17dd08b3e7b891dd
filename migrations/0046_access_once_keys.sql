-- The once-only keys of access events move to side tables (access_events becomes partitioned in
-- the next migration, and a unique index there must hold the partition key).
CREATE TABLE "access_code_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_offline_keys" (
	"rider_id" uuid NOT NULL,
	"offline_key" text NOT NULL,
	"event_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "access_offline_keys_rider_id_offline_key_pk" PRIMARY KEY("rider_id","offline_key")
);
--> statement-breakpoint
ALTER TABLE "access_offline_keys" ADD CONSTRAINT "access_offline_keys_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_code_nonces_created_idx" ON "access_code_nonces" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "access_offline_keys_created_idx" ON "access_offline_keys" USING btree ("created_at");--> statement-breakpoint
INSERT INTO "access_code_nonces" ("nonce", "event_id", "created_at")
SELECT "code_nonce", "id", "created_at" FROM "access_events" WHERE "code_nonce" IS NOT NULL;--> statement-breakpoint
INSERT INTO "access_offline_keys" ("rider_id", "offline_key", "event_id", "created_at")
SELECT "rider_id", "offline_key", "id", "created_at" FROM "access_events" WHERE "offline_key" IS NOT NULL AND "rider_id" IS NOT NULL;
