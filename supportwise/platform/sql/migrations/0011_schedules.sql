-- Issue 12: scheduled reports. A schedule delivers a saved report through one channel (email,
-- Slack, a signed webhook); each (schedule, slot) is one run, made once however many
-- schedulers dispatch it; every delivery attempt is kept; owners get a notification when a run fails.
--
-- 0002 created app.schedules and app.schedule_runs as placeholders that no code ever wrote. They
-- are replaced here; the DO block refuses to go on if anyone did put rows in them.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM app.schedules) OR EXISTS (SELECT 1 FROM app.schedule_runs) THEN
        RAISE EXCEPTION 'app.schedules holds rows that migration 0011 would drop; move them aside first';
    END IF;
END $$;
DROP TABLE IF EXISTS app.schedule_runs;
DROP TABLE IF EXISTS app.schedules;

CREATE TABLE app.schedules (
    id                bigserial PRIMARY KEY,
    report_id         bigint NOT NULL REFERENCES app.reports (id),
    owner_id          bigint NOT NULL REFERENCES app.users (id),
    phrase            text NOT NULL,                    -- as typed: 'every Monday at 9am'
    cron              text NOT NULL,
    timezone          text NOT NULL,
    channel           text NOT NULL CONSTRAINT schedules_channel CHECK (channel IN ('email', 'slack', 'webhook')),
    recipients        text[] NOT NULL DEFAULT '{}',     -- email: usernames or addresses; slack/webhook: none
    target            text,                             -- slack/webhook: the URL
    attach            text NOT NULL DEFAULT 'csv' CONSTRAINT schedules_attach CHECK (attach IN ('csv', 'xlsx', 'none')),
    skip_if_empty     boolean NOT NULL DEFAULT false,
    paused            boolean NOT NULL DEFAULT false,
    deleted_at        timestamptz,                      -- kept, with its history, after deletion
    dispatched_until  timestamptz NOT NULL,             -- every slot up to here has its run
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT schedules_target CHECK ((channel = 'email') = (target IS NULL))
);
CREATE INDEX schedules_active ON app.schedules (id) WHERE deleted_at IS NULL AND NOT paused;

CREATE TABLE app.schedule_runs (
    id             bigserial PRIMARY KEY,
    schedule_id    bigint NOT NULL REFERENCES app.schedules (id),
    slot           timestamptz NOT NULL,                -- the time the schedule said, not when it ran
    late           boolean NOT NULL DEFAULT false,      -- dispatched well after its slot (everything was down)
    missed         int NOT NULL DEFAULT 0,              -- earlier slots of the same outage folded into this run
    version        int,                                 -- the report version that ran
    status         text NOT NULL DEFAULT 'queued'
        CONSTRAINT schedule_runs_status CHECK (status IN ('queued', 'running', 'ok', 'skipped', 'failed')),
    attempts       int NOT NULL DEFAULT 0,              -- times a worker took it (a killed worker's run is retried)
    row_count      int,
    duration_ms    double precision,
    error          text,                                -- one sentence, for people
    deliveries     jsonb NOT NULL DEFAULT '[]',         -- per recipient: to, status, attempts, detail
    queued_at      timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    finished_at    timestamptz,
    UNIQUE (schedule_id, slot)
);
CREATE INDEX schedule_runs_recent ON app.schedule_runs (schedule_id, id DESC);
CREATE INDEX schedule_runs_open ON app.schedule_runs (status) WHERE status IN ('queued', 'running');

CREATE TABLE app.notifications (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    message      text NOT NULL,
    schedule_id  bigint REFERENCES app.schedules (id),
    run_id       bigint REFERENCES app.schedule_runs (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    read_at      timestamptz
);
CREATE INDEX notifications_unread ON app.notifications (user_id, id DESC) WHERE read_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON app.schedules, app.schedule_runs, app.notifications TO supportwise_app;
GRANT DELETE ON app.notifications TO supportwise_app;
GRANT USAGE, SELECT ON SEQUENCE app.schedules_id_seq, app.schedule_runs_id_seq, app.notifications_id_seq
    TO supportwise_app;
