-- From stored SQL (pnpm db:sql): server/src/calendar/sql/calendar_official_days.sql. The current definitions live there.
-- The official PRC schedule of public holidays and 调休 (国务院办公厅关于节假日安排的通知), as
-- calendar_days rows. Inserts only the days not there yet: a district admin's correction is kept.
-- When the State Council publishes a new year (2027: not yet published), add its days here and run
--   pnpm db:sql calendar_<year> server/src/calendar/sql/calendar_official_days.sql
CREATE OR REPLACE FUNCTION calendar_seed_official() RETURNS integer
LANGUAGE sql AS $$
  WITH official(day, kind, name) AS (
    VALUES
      -- 2026 (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04)
      ('2026-01-01'::date, 'off', '元旦'), ('2026-01-02'::date, 'off', '元旦'), ('2026-01-03'::date, 'off', '元旦'),
      ('2026-01-04'::date, 'work', '元旦调休'),
      ('2026-02-14'::date, 'work', '春节调休'),
      ('2026-02-15'::date, 'off', '春节'), ('2026-02-16'::date, 'off', '春节'), ('2026-02-17'::date, 'off', '春节'),
      ('2026-02-18'::date, 'off', '春节'), ('2026-02-19'::date, 'off', '春节'), ('2026-02-20'::date, 'off', '春节'),
      ('2026-02-21'::date, 'off', '春节'), ('2026-02-22'::date, 'off', '春节'), ('2026-02-23'::date, 'off', '春节'),
      ('2026-02-28'::date, 'work', '春节调休'),
      ('2026-04-04'::date, 'off', '清明节'), ('2026-04-05'::date, 'off', '清明节'), ('2026-04-06'::date, 'off', '清明节'),
      ('2026-05-01'::date, 'off', '劳动节'), ('2026-05-02'::date, 'off', '劳动节'), ('2026-05-03'::date, 'off', '劳动节'),
      ('2026-05-04'::date, 'off', '劳动节'), ('2026-05-05'::date, 'off', '劳动节'),
      ('2026-05-09'::date, 'work', '劳动节调休'),
      ('2026-06-19'::date, 'off', '端午节'), ('2026-06-20'::date, 'off', '端午节'), ('2026-06-21'::date, 'off', '端午节'),
      ('2026-09-20'::date, 'work', '国庆节调休'),
      ('2026-09-25'::date, 'off', '中秋节'), ('2026-09-26'::date, 'off', '中秋节'), ('2026-09-27'::date, 'off', '中秋节'),
      ('2026-10-01'::date, 'off', '国庆节'), ('2026-10-02'::date, 'off', '国庆节'), ('2026-10-03'::date, 'off', '国庆节'),
      ('2026-10-04'::date, 'off', '国庆节'), ('2026-10-05'::date, 'off', '国庆节'), ('2026-10-06'::date, 'off', '国庆节'),
      ('2026-10-07'::date, 'off', '国庆节'),
      ('2026-10-10'::date, 'work', '国庆节调休')
  ),
  added AS (
    INSERT INTO calendar_days (day, kind, name)
    SELECT day, kind, name FROM official
    ON CONFLICT (day) DO NOTHING
    RETURNING 1
  )
  SELECT count(*)::integer FROM added
$$;
--> statement-breakpoint
SELECT calendar_seed_official();
