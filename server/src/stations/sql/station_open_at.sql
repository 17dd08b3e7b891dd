-- station_open_at: the one "open" rule — not closed by an admin, not on a closure date, inside the
-- weekly hours (minute of the week and date in Asia/Shanghai). Plain SQL, so the planner inlines it
-- into stations_nearby and the detail query.
CREATE OR REPLACE FUNCTION station_open_at(status text, open_minutes int4multirange, closed_dates datemultirange, minute int, on_date date)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT status = 'open' AND open_minutes @> minute AND NOT closed_dates @> on_date $$;
