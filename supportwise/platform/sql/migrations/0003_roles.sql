-- Two login roles. Question SQL runs as supportwise_reader, which may only SELECT the
-- support tables; supportwise_app works with the app's own tables. Roles are
-- cluster-wide, so creation tolerates a concurrent migrate of another database.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'supportwise_reader') THEN
        CREATE ROLE supportwise_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'supportwise_app') THEN
        CREATE ROLE supportwise_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- Belt and braces for the reader: every transaction read-only, bounded in time.
ALTER ROLE supportwise_reader SET default_transaction_read_only = on;
ALTER ROLE supportwise_reader SET statement_timeout = '10s';

-- No temp tables or stray objects for anyone but the owner.
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO supportwise_reader, supportwise_app', current_database());
END $$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA app FROM PUBLIC;

-- Reader: the support tables, nothing else.
GRANT USAGE ON SCHEMA public TO supportwise_reader;
GRANT SELECT ON public.organizations, public.customers, public.agents, public.tickets,
    public.comments, public.feature_releases TO supportwise_reader;

-- App: its own tables. The audit log is insert-and-read only; the seed truth is not its business.
-- (The migrating user keeps ownership of schema app, so the app role cannot drop tables in it.)
GRANT USAGE ON SCHEMA app TO supportwise_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.users, app.conversations, app.conversation_turns,
    app.llm_calls, app.reports, app.report_versions, app.report_runs, app.schedules,
    app.schedule_runs, app.feedback TO supportwise_app;
GRANT SELECT, INSERT ON app.audit_log TO supportwise_app;
GRANT SELECT ON app.schema_migrations, app.seed_runs TO supportwise_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA app TO supportwise_app;
