-- Defence in depth behind the SQL validator: functions every role may call by default that a
-- question must never reach. Session advisory locks taken by the reader would outlive the
-- question on a pooled connection and could block the audit writer (advisory locks are shared by
-- all roles of a database); pg_terminate_backend/pg_cancel_backend would let one reader session
-- end another person's question. The app role keeps the transaction-scoped lock the audit uses.
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure AS sig, p.proname
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'pg_catalog'
          AND (p.proname LIKE 'pg\_%advisory\_%' OR p.proname IN ('pg_terminate_backend', 'pg_cancel_backend'))
    LOOP
        BEGIN
            EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f.sig);
            EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', f.sig, current_user);
            IF f.proname LIKE 'pg\_%advisory\_xact\_lock%' THEN
                EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO supportwise_app', f.sig);
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'could not revoke % (not the owner): the SQL validator still refuses it', f.sig;
        END;
    END LOOP;
END $$;
