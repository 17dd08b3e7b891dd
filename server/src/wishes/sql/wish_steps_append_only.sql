-- wish_steps is append-only: a step of a wish, once written, is never changed. Rows are removed
-- only with their wish (ON DELETE CASCADE), when the rider deletes the account.
CREATE OR REPLACE FUNCTION wish_steps_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'wish_steps is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER wish_steps_no_update BEFORE UPDATE ON wish_steps
  FOR EACH ROW EXECUTE FUNCTION wish_steps_append_only();
