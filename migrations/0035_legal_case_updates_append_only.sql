-- From stored SQL (pnpm db:sql): server/src/legal/sql/legal_case_updates_append_only.sql. The current definitions live there.
-- legal_case_updates is append-only: a step of a case, once written, is never changed. Rows are
-- removed only with their case (ON DELETE CASCADE), when the rider deletes the account.
CREATE OR REPLACE FUNCTION legal_case_updates_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'legal_case_updates is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER legal_case_updates_no_update BEFORE UPDATE ON legal_case_updates
  FOR EACH ROW EXECUTE FUNCTION legal_case_updates_append_only();
