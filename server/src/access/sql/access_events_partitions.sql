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
