-- points_redeem: redeem, phase one, as one statement. Run on its own (no explicit transaction), it
-- commits as soon as it ends: the rows every redeem shares — this period's stock of a reward, the
-- redeemed account's shard — stay locked only for the statement and its commit, never while the
-- API is busy with other requests before sending COMMIT. Every rule stays exact:
-- - the rider's account is locked first, so one rider's redeems run one at a time, and each later
--   check reads what the previous one committed (PL/pgSQL takes a new snapshot per statement);
-- - stock is one conditional upsert (remaining > 0), CHECKed ≥ 0;
-- - the hold is a pending transfer: point_transfers_apply refuses it if it would overdraw the rider.
-- A refusal found by a check returns its code and writes nothing (the account row of a rider's
-- first redeem aside); one found by the database (stock gone, overdraft) raises, so the statement
-- rolls back whole. The caller (redeem.ts) derives the ids (idempotency) and the Beijing periods.
CREATE OR REPLACE FUNCTION points_redeem(
  p_rider uuid, p_reward uuid, p_voucher uuid, p_idempotency_key text, p_hold uuid,
  p_short_code_hash text, p_now timestamptz, p_month_start timestamptz,
  p_day date, p_week date, p_month date)
RETURNS TABLE (outcome text, reward_title text, merchant_id uuid, merchant_name text, merchant_address text,
  points int, expires_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  acc point_accounts%ROWTYPE;
  r rewards%ROWTYPE;
  m merchants%ROWTYPE;
  repeat_reward uuid;
  period date;
  left_over int;
  expires timestamptz;
BEGIN
  SELECT * INTO acc FROM point_accounts a WHERE a.user_id = p_rider FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO point_accounts (kind, user_id, debits_must_not_exceed_credits) VALUES ('rider', p_rider, true)
      ON CONFLICT (user_id) DO NOTHING;
    SELECT * INTO acc FROM point_accounts a WHERE a.user_id = p_rider FOR UPDATE;
  END IF;

  SELECT v.reward_id INTO repeat_reward FROM vouchers v WHERE v.id = p_voucher;
  IF FOUND THEN
    RETURN QUERY SELECT CASE WHEN repeat_reward = p_reward THEN 'REPEAT' ELSE 'IDEMPOTENCY_KEY_REUSED' END,
      NULL::text, NULL::uuid, NULL::text, NULL::text, NULL::int, NULL::timestamptz;
    RETURN;
  END IF;

  SELECT * INTO r FROM rewards w WHERE w.id = p_reward;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'NOT_FOUND', NULL::text, NULL::uuid, NULL::text, NULL::text, NULL::int, NULL::timestamptz;
    RETURN;
  END IF;
  IF NOT (r.active AND (r.valid_from IS NULL OR r.valid_from <= p_now) AND (r.valid_until IS NULL OR r.valid_until > p_now)) THEN
    RETURN QUERY SELECT 'REWARD_UNAVAILABLE', NULL::text, NULL::uuid, NULL::text, NULL::text, NULL::int, NULL::timestamptz;
    RETURN;
  END IF;
  -- Checked here for a clear answer; the CHECK on the account is what makes it exact.
  IF acc.credits_posted - acc.debits_posted - acc.debits_pending < r.price_points THEN
    RETURN QUERY SELECT 'POINTS_INSUFFICIENT', NULL::text, NULL::uuid, NULL::text, NULL::text, NULL::int, NULL::timestamptz;
    RETURN;
  END IF;
  IF r.per_rider_monthly_limit IS NOT NULL AND (
      SELECT count(*) FROM vouchers v
       WHERE v.rider_id = p_rider AND v.reward_id = r.id AND v.status IN ('issued', 'used') AND v.created_at >= p_month_start
    ) >= r.per_rider_monthly_limit THEN
    RETURN QUERY SELECT 'REWARD_MONTHLY_LIMIT', NULL::text, NULL::uuid, NULL::text, NULL::text, NULL::int, NULL::timestamptz;
    RETURN;
  END IF;
  IF r.stock_per_period <= 0 THEN
    RETURN QUERY SELECT 'REWARD_OUT_OF_STOCK', NULL::text, NULL::uuid, NULL::text, NULL::text, NULL::int, NULL::timestamptz;
    RETURN;
  END IF;
  SELECT * INTO m FROM merchants x WHERE x.id = r.merchant_id;

  period := CASE r.period WHEN 'day' THEN p_day WHEN 'week' THEN p_week ELSE p_month END;
  expires := p_now + r.voucher_valid_days * interval '24 hours';
  -- The voucher first (its FK to the hold is checked at commit); the hot rows last.
  INSERT INTO vouchers (id, rider_id, reward_id, merchant_id, idempotency_key, points, hold_transfer_id,
                        short_code_hash, stock_period, expires_at, created_at)
  VALUES (p_voucher, p_rider, r.id, r.merchant_id, p_idempotency_key, r.price_points, p_hold,
          p_short_code_hash, period, expires, p_now);
  INSERT INTO reward_stock AS s (reward_id, period_start, total, remaining)
  VALUES (r.id, period, r.stock_per_period, r.stock_per_period - 1)
  ON CONFLICT (reward_id, period_start) DO UPDATE SET remaining = s.remaining - 1 WHERE s.remaining > 0
  RETURNING s.remaining INTO left_over;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'reward % is out of stock for %', r.id, period
      USING ERRCODE = 'check_violation', CONSTRAINT = 'reward_out_of_stock';
  END IF;
  -- The hold: the redeemed system account (fixed id, migration 0004) is credited pending.
  INSERT INTO point_transfers (id, debit_account_id, credit_account_id, amount, kind, reason, source_type, source_id, created_at)
  VALUES (p_hold, acc.id, '00000000-0000-4000-8000-000000000002', r.price_points, 'pending', 'voucher_hold', 'voucher',
          p_voucher::text, p_now);

  RETURN QUERY SELECT 'CREATED', r.title, r.merchant_id, m.name, m.address, r.price_points, expires;
END $$;
