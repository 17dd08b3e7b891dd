-- point_accounts_no_delete: an account is never deleted; its transfers point at it forever and
-- all accounts must keep summing to zero.
CREATE OR REPLACE FUNCTION point_accounts_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'point accounts are never deleted' USING ERRCODE = 'check_violation', CONSTRAINT = 'point_accounts_never_deleted';
END $$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER point_accounts_no_delete BEFORE DELETE ON "point_accounts" FOR EACH ROW EXECUTE FUNCTION point_accounts_no_delete();
