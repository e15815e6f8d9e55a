-- The audit log is append-only for everyone, superusers included, except for one audited
-- operation: erasure may replace a username by its pseudonym (GDPR-style erasure keeps the
-- hash chain valid because rows from now on hash a key of the username, not the name itself).

ALTER TABLE app.audit_log ADD COLUMN IF NOT EXISTS user_key text;

CREATE OR REPLACE FUNCTION app.audit_log_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('supportwise.erasure', true) = 'on'
       AND NEW.username LIKE 'erased-%'
       AND NEW.user_key IS NOT DISTINCT FROM OLD.user_key
       AND (to_jsonb(NEW) - 'username') = (to_jsonb(OLD) - 'username') THEN
        RETURN NEW;  -- pseudonymization of the username only
    END IF;
    RAISE EXCEPTION 'app.audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

DROP TRIGGER IF EXISTS audit_log_no_change ON app.audit_log;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON app.audit_log
    FOR EACH ROW EXECUTE FUNCTION app.audit_log_guard();

DROP TRIGGER IF EXISTS audit_log_no_truncate ON app.audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON app.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION app.audit_log_guard();
