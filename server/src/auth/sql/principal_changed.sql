-- principal_changed: a caller's principal (role, status, token cut-off and staff scopes) is cached
-- by every API process (auth/principal-cache.ts). Whatever changes one of them — the API, a script,
-- psql — tells them on commit: NOTIFY principal_changed with the user's id, or '*' after a TRUNCATE.
CREATE OR REPLACE FUNCTION principal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('principal_changed', '*');
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('principal_changed', OLD.id::text);
  ELSE
    IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('principal_changed', OLD.user_id::text); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('principal_changed', NEW.user_id::text); END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER users_principal_changed AFTER UPDATE OF role, status, tokens_valid_after OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION principal_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER users_principal_truncated AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION principal_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER staff_scopes_principal_changed AFTER INSERT OR UPDATE OR DELETE ON staff_scopes
  FOR EACH ROW EXECUTE FUNCTION principal_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER staff_scopes_principal_truncated AFTER TRUNCATE ON staff_scopes
  FOR EACH STATEMENT EXECUTE FUNCTION principal_changed();
