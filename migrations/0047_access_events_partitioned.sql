-- From stored SQL (pnpm db:sql): server/src/access/sql/access_events_partitions.sql. The current definitions live there.
-- access_events is partitioned by created_at, one partition per Beijing day (UTC+8, no summer
-- time since 1991): access_events_pYYYYMMDD holds [YYYY-MM-DD 00:00+08, next day 00:00+08), and
-- access_events_default catches any time without a partition. Beijing days because staff count in
-- them (the figures' "per day", the retention's "N days") and the busy hours then sit inside one
-- partition; the bounds carry their offset, so no session time zone or tz database is needed.
-- Both functions take one transaction-scoped advisory lock, so the partitions job, the purge and a
-- command-line run never race on the catalogue.

-- Makes the partition of Beijing day `d` unless it exists; true when it made it. Rows already in the
-- default partition for that day (written while no partition existed) move into it first
-- (PostgreSQL refuses a partition whose rows the default still holds).
CREATE OR REPLACE FUNCTION access_events_make_partition(d date) RETURNS boolean
LANGUAGE plpgsql AS $$
declare
  part text := 'access_events_p' || to_char(d, 'YYYYMMDD');
  lo timestamptz := (to_char(d, 'YYYY-MM-DD') || ' 00:00:00+08')::timestamptz;
  hi timestamptz := (to_char(d + 1, 'YYYY-MM-DD') || ' 00:00:00+08')::timestamptz;
begin
  perform pg_advisory_xact_lock(20056, 1);
  if exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
              where i.inhparent = 'access_events'::regclass and c.relname = part) then
    return false;
  end if;
  -- A table of its own, attached: ATTACH takes a lighter lock on the parent than CREATE … PARTITION
  -- OF (scans go on meanwhile); PostgreSQL then scans the default partition for rows of the day.
  perform set_config('lock_timeout', '5000', true);
  execute format('create table %I (like access_events including defaults including constraints)', part);
  if exists (select 1 from access_events_default where created_at >= lo and created_at < hi) then
    lock table access_events_default in share row exclusive mode;
    execute format(
      'with moved as (delete from access_events_default where created_at >= $1 and created_at < $2 returning *) '
      'insert into %I select * from moved', part) using lo, hi;
  end if;
  execute format('alter table access_events attach partition %I for values from (%L) to (%L)', part, lo, hi);
  return true;
end;
$$;
--> statement-breakpoint
-- Drops every day partition whose whole day ended at or before `cutoff` (and deletes the default
-- partition's rows before it): retention by whole days, no row deletes, no vacuum debt. Each drop
-- waits at most `lock_wait` for the parent's lock (a long report reading the table holds it) and
-- is then left for the next run instead of queueing every scan behind it. Returns what it dropped.
CREATE OR REPLACE FUNCTION access_events_drop_partitions(cutoff timestamptz, lock_wait interval DEFAULT '2 seconds')
RETURNS text[]
LANGUAGE plpgsql AS $$
declare
  part text;
  dropped text[] := '{}';
begin
  perform pg_advisory_xact_lock(20056, 1);
  perform set_config('lock_timeout', (extract(epoch from lock_wait) * 1000)::bigint::text, true);
  for part in
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'access_events'::regclass and c.relname ~ '^access_events_p[0-9]{8}$'
       and (to_char(to_date(substr(c.relname, 16), 'YYYYMMDD') + 1, 'YYYY-MM-DD') || ' 00:00:00+08')::timestamptz <= cutoff
     order by c.relname
  loop
    begin
      execute format('drop table %I', part);
      dropped := dropped || part;
    exception when lock_not_available then
      raise notice 'access_events_drop_partitions: % busy, left for the next run', part;
    end;
  end loop;
  delete from access_events_default where created_at < cutoff;
  return dropped;
end;
$$;
--> statement-breakpoint
-- access_events becomes partitioned by created_at, one partition per Beijing day plus a default
-- (drizzle-kit cannot say so; the schema file describes the columns, indexes and keys). The old
-- table's indexes go first (their names are taken again), its rows move into the day partitions.
ALTER TABLE "access_events" RENAME TO "access_events_unpartitioned";--> statement-breakpoint
DROP INDEX "access_events_rider_gate_idx";--> statement-breakpoint
DROP INDEX "access_events_community_idx";--> statement-breakpoint
DROP INDEX "access_events_gate_granted_idx";--> statement-breakpoint
DROP INDEX "access_events_created_idx";--> statement-breakpoint
DROP INDEX "access_events_nonce_idx";--> statement-breakpoint
DROP INDEX "access_events_offline_key_idx";--> statement-breakpoint
ALTER TABLE "access_events_unpartitioned" DROP CONSTRAINT "access_events_pkey";--> statement-breakpoint
CREATE TABLE "access_events" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"gate_id" uuid,
	"community_id" uuid,
	"rider_id" uuid,
	"method" text NOT NULL,
	"granted" boolean NOT NULL,
	"reason" text NOT NULL,
	"checked_by" uuid,
	"code_nonce" text,
	"scanned_at" timestamp with time zone NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"distance_m" integer,
	"offline_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_events_id_created_at_pk" PRIMARY KEY("id","created_at"),
	CONSTRAINT "access_events_method_check" CHECK ("access_events"."method" in ('gate_code','rider_code'))
) PARTITION BY RANGE ("created_at");--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_gate_id_gates_id_fk" FOREIGN KEY ("gate_id") REFERENCES "public"."gates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_events_rider_gate_idx" ON "access_events" USING btree ("rider_id","gate_id","created_at");--> statement-breakpoint
CREATE INDEX "access_events_community_idx" ON "access_events" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE INDEX "access_events_gate_granted_idx" ON "access_events" USING btree ("gate_id","created_at");--> statement-breakpoint
CREATE INDEX "access_events_created_idx" ON "access_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "access_events_checked_by_idx" ON "access_events" USING btree ("checked_by") WHERE "access_events"."checked_by" is not null;--> statement-breakpoint
CREATE TABLE "access_events_default" PARTITION OF "access_events" DEFAULT;--> statement-breakpoint
-- A partition for every Beijing day that has events, and for today and the next 7 days.
SELECT access_events_make_partition(d) FROM (
  SELECT DISTINCT (("created_at" AT TIME ZONE 'UTC') + interval '8 hours')::date AS d FROM "access_events_unpartitioned"
  UNION
  SELECT ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date + n FROM generate_series(0, 7) AS n
) AS days ORDER BY d;--> statement-breakpoint
INSERT INTO "access_events" ("id", "gate_id", "community_id", "rider_id", "method", "granted", "reason", "checked_by", "code_nonce", "scanned_at", "lat", "lng", "distance_m", "offline_key", "created_at")
SELECT "id", "gate_id", "community_id", "rider_id", "method", "granted", "reason", "checked_by", "code_nonce", "scanned_at", "lat", "lng", "distance_m", "offline_key", "created_at" FROM "access_events_unpartitioned";--> statement-breakpoint
DROP TABLE "access_events_unpartitioned";
