-- access_decision: the rules of access, in order, as one SQL function, so a gate scan reads its
-- context, decides and records the event in one statement (scan.ts, scanStatement) and a guard's
-- check of a rider code decides by the same rules (check-rider.ts). The first rule that fails is the
-- reason the rider sees; each is a key of DENY_REASONS (shared/src/access/constants.ts). An approved
-- pass whose expiry has passed is expired (as passes.ts's effectiveStatus shows it).
-- Plain SQL and IMMUTABLE, so the planner inlines it into the calling statement — as long as each
-- argument used twice here (distance_m, max_distance_m, ...) is a plain column or value, not an
-- expensive expression (then it is called as a function, planned on every execution).
CREATE OR REPLACE FUNCTION access_decision(
  gate_active boolean, suspended boolean, pass_status text, pass_expires_at timestamptz, at timestamptz,
  has_other_pass boolean, require_location boolean, max_distance_m integer, distance_m integer)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN NOT gate_active THEN 'GATE_INACTIVE'
    WHEN suspended THEN 'RIDER_SUSPENDED'
    WHEN pass_status IS NULL THEN CASE WHEN has_other_pass THEN 'WRONG_COMMUNITY' ELSE 'NO_PASS' END
    WHEN pass_status = 'pending' THEN 'PASS_PENDING'
    WHEN pass_status = 'rejected' THEN 'PASS_REJECTED'
    WHEN pass_status = 'revoked' THEN 'PASS_REVOKED'
    WHEN pass_status = 'expired' OR pass_expires_at <= at THEN 'PASS_EXPIRED'
    WHEN require_location AND distance_m IS NULL THEN 'LOCATION_REQUIRED'
    WHEN require_location AND distance_m > max_distance_m THEN 'TOO_FAR'
    ELSE 'GRANTED'
  END
$$;
