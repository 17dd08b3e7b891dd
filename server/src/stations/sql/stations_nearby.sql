-- stations_nearby: the nearby search as a function, so it is one round trip with a plan PL/pgSQL
-- caches per connection, on PostgreSQL and PGlite alike.
--
-- The plan it must keep: the GiST index on the stored `pos` (ll_to_earth(lat, lng)), bounded by
-- `earth_box @>` (the radius) and streamed nearest first by `<->` (cube distance: the chord, which
-- orders exactly like the great-circle distance), so the scan stops after `lim` matching rows. The
-- planner estimates every `@>` on cube at a fixed 0.1 % of rows, so with a selective filter it would
-- rather read the whole box through a bitmap and sort it; the function's SET clauses rule that out
-- for its own statements only. cube_distance/sec_to_gc is what earth_distance computes, without the
-- `earth` domain's checks.
--
-- The inner query orders by `<->` alone (PostgreSQL 15 cannot add a tie-break on top of a KNN scan
-- without sorting everything) and fetches WITH TIES, so a tie at the page edge is never cut; the
-- outer query orders by (knn, id), which makes the keyset cursor (after_knn, after_id) exact.
-- Every filter is optional (NULL or false = not applied).
CREATE OR REPLACE FUNCTION stations_nearby(
  o_lat float8, o_lng float8, radius_m float8,
  only_types text[], all_amenities text[], only_24h boolean,
  open_minute int, open_date date, only_open boolean,
  box_south float8, box_west float8, box_north float8, box_east float8,
  after_knn float8, after_id uuid, lim int)
RETURNS TABLE (
  id uuid, external_id text, name text, type text, lat float8, lng float8, address text,
  district_id uuid, street_id uuid, is_24h boolean, weekly jsonb, closures jsonb, amenities text[],
  seats int, charging_ports int, swap_ports int, contact_name text, contact_phone text, status text,
  status_note text, photos text[], updated_at timestamptz, open_now boolean, knn float8,
  distance_m float8, street_name text)
LANGUAGE plpgsql STABLE
SET enable_bitmapscan = off
SET enable_seqscan = off
AS $$
#variable_conflict use_column
DECLARE
  origin cube := ll_to_earth(o_lat, o_lng);
BEGIN
  RETURN QUERY
  SELECT k.*, st.name FROM (
    SELECT s.id, s.external_id, s.name, s.type, s.lat, s.lng, s.address, s.district_id, s.street_id,
           s.is_24h, s.weekly, s.closures, s.amenities, s.seats, s.charging_ports, s.swap_ports,
           s.contact_name, s.contact_phone, s.status, s.status_note, s.photos, s.updated_at,
           station_open_at(s.status, s.open_minutes, s.closed_dates, open_minute, open_date) AS open_now,
           s.pos <-> origin AS knn,
           sec_to_gc(cube_distance(origin, s.pos)) AS distance_m
      FROM stations s
     WHERE earth_box(origin, radius_m) @> s.pos
       AND sec_to_gc(cube_distance(origin, s.pos)) <= radius_m
       AND (box_south IS NULL OR (s.lat BETWEEN box_south AND box_north AND s.lng BETWEEN box_west AND box_east))
       AND (only_types IS NULL OR s.type = ANY(only_types))
       AND (all_amenities IS NULL OR s.amenities @> all_amenities)
       AND (NOT only_24h OR s.is_24h)
       AND (NOT only_open OR station_open_at(s.status, s.open_minutes, s.closed_dates, open_minute, open_date))
       AND (after_knn IS NULL OR (s.pos <-> origin >= after_knn
            AND NOT (s.pos <-> origin = after_knn AND s.id <= after_id)))
     ORDER BY s.pos <-> origin
     FETCH FIRST (lim) ROWS WITH TIES
  ) k LEFT JOIN streets st ON st.id = k.street_id
  ORDER BY k.knn, k.id
  LIMIT lim;
END $$;
