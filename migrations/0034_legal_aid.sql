CREATE TABLE "legal_case_alerts" (
	"case_id" uuid NOT NULL,
	"deadline" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"alerted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "legal_case_alerts_case_id_deadline_due_at_pk" PRIMARY KEY("case_id","deadline","due_at")
);
--> statement-breakpoint
CREATE TABLE "legal_case_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"uploaded_by" uuid,
	"kind" text NOT NULL,
	"storage_key" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_case_attachments_kind_check" CHECK ("legal_case_attachments"."kind" in ('evidence','document'))
);
--> statement-breakpoint
CREATE TABLE "legal_case_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"case_id" uuid NOT NULL,
	"actor_id" uuid,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"mediator_id" uuid,
	"appointment_at" timestamp with time zone,
	"appointment_place" text,
	"station_id" uuid,
	"outcome" text,
	"rating" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rider_id" uuid NOT NULL,
	"idempotency_key" text,
	"district_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"description" text NOT NULL,
	"other_party" text DEFAULT '' NOT NULL,
	"request" text NOT NULL,
	"contact_preference" text NOT NULL,
	"contact_phone" text,
	"mediator_id" uuid,
	"referred_to" text,
	"outcome" text,
	"rating" integer,
	"rating_comment" text,
	"accept_due_at" timestamp with time zone NOT NULL,
	"close_due_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"referred_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"rated_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_cases_kind_check" CHECK ("legal_cases"."kind" in ('wage_arrears','traffic_accident','occupational_injury','platform_dispute','labour_contract','other')),
	CONSTRAINT "legal_cases_state_check" CHECK ("legal_cases"."state" in ('submitted','accepted','mediating','closed','referred')),
	CONSTRAINT "legal_cases_contact_check" CHECK ("legal_cases"."contact_preference" in ('phone','message','visit')),
	CONSTRAINT "legal_cases_outcome_check" CHECK ("legal_cases"."outcome" is null or "legal_cases"."outcome" in ('resolved','partly_resolved','not_resolved','withdrawn')),
	CONSTRAINT "legal_cases_rating_check" CHECK ("legal_cases"."rating" is null or "legal_cases"."rating" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "invitations" DROP CONSTRAINT "invitations_role_check";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_role_check";--> statement-breakpoint
ALTER TABLE "legal_case_alerts" ADD CONSTRAINT "legal_case_alerts_case_id_legal_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."legal_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_case_attachments" ADD CONSTRAINT "legal_case_attachments_case_id_legal_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."legal_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_case_attachments" ADD CONSTRAINT "legal_case_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_case_updates" ADD CONSTRAINT "legal_case_updates_case_id_legal_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."legal_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_case_updates" ADD CONSTRAINT "legal_case_updates_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_case_updates" ADD CONSTRAINT "legal_case_updates_mediator_id_users_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_case_updates" ADD CONSTRAINT "legal_case_updates_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_cases" ADD CONSTRAINT "legal_cases_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_cases" ADD CONSTRAINT "legal_cases_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_cases" ADD CONSTRAINT "legal_cases_mediator_id_users_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "legal_case_attachments_case_idx" ON "legal_case_attachments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "legal_case_updates_case_idx" ON "legal_case_updates" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "legal_cases_district_idx" ON "legal_cases" USING btree ("district_id","state");--> statement-breakpoint
CREATE INDEX "legal_cases_rider_idx" ON "legal_cases" USING btree ("rider_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_cases_idempotency_idx" ON "legal_cases" USING btree ("rider_id","idempotency_key");--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_role_check" CHECK ("invitations"."role" in ('community_admin','street_operator','merchant','district_admin','gate_guard','crew_member','mediator'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" in ('rider','community_admin','street_operator','merchant','district_admin','gate_guard','crew_member','mediator'));