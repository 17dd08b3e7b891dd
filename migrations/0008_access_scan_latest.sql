CREATE TABLE "access_scan_latest" (
	"rider_id" uuid NOT NULL,
	"gate_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"distance_m" integer,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "access_scan_latest_rider_id_gate_id_pk" PRIMARY KEY("rider_id","gate_id")
);
--> statement-breakpoint
ALTER TABLE "access_scan_latest" ADD CONSTRAINT "access_scan_latest_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_scan_latest" ADD CONSTRAINT "access_scan_latest_gate_id_gates_id_fk" FOREIGN KEY ("gate_id") REFERENCES "public"."gates"("id") ON DELETE cascade ON UPDATE no action;