-- point_transfers_immutable: transfers are never edited or deleted; a correction is a reversal
-- (a new transfer naming the original), so the history a balance is recomputed from never moves.
CREATE OR REPLACE FUNCTION point_transfers_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'point transfers are immutable' USING ERRCODE = 'check_violation', CONSTRAINT = 'point_transfers_immutable';
END $$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER point_transfers_immutable BEFORE UPDATE OR DELETE ON "point_transfers" FOR EACH ROW EXECUTE FUNCTION point_transfers_immutable();
