-- great_circle_m: the great-circle distance in metres between two points, on earthdistance's sphere
-- (radius earth()), for a gate scan's distance rule (access/scan.ts) and the distances of hazard
-- reports (reports/queries.ts, reports/map.ts).
-- earth_distance(ll_to_earth(a), ll_to_earth(b)) gives the same figure, but on PostgreSQL 15
-- ll_to_earth is a SQL function the planner cannot inline (its body casts to the `earth` domain),
-- so each execution of a statement that uses it parses and plans that body again (on every scan,
-- prepared or not) and runs it through the executor for every row. This is the same arc in plain
-- arithmetic, which the planner inlines: the angle between the two points as atan2 of the
-- magnitudes of their cross and dot products (exact for near and antipodal points alike, no
-- clamping), times the radius. Null in, null out.
CREATE OR REPLACE FUNCTION great_circle_m(lat1 float8, lng1 float8, lat2 float8, lng2 float8)
RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT earth() * atan2(
    sqrt((cos(radians(lat2)) * sin(radians(lng2 - lng1))) ^ 2
       + (cos(radians(lat1)) * sin(radians(lat2)) - sin(radians(lat1)) * cos(radians(lat2)) * cos(radians(lng2 - lng1))) ^ 2),
    sin(radians(lat1)) * sin(radians(lat2)) + cos(radians(lat1)) * cos(radians(lat2)) * cos(radians(lng2 - lng1)))
$$;
