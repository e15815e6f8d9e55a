-- The app's own tables live in schema "app", out of the reader role's reach.
-- The migration runner creates the schema and app.schema_migrations itself.

CREATE TABLE IF NOT EXISTS app.users (
    id             bigserial PRIMARY KEY,
    username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{2,40}$'),
    name           text NOT NULL,
    email          text,
    password_hash  text NOT NULL,
    role           text NOT NULL CHECK (role IN ('admin', 'manager', 'team_lead', 'viewer')),
    -- a team lead is bound to exactly one team; other roles see every team
    team           text CHECK (team IN ('Frontline', 'Technical', 'Billing', 'Enterprise')),
    department     text,
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    last_login_at  timestamptz,
    CONSTRAINT users_team_lead_has_team CHECK (role <> 'team_lead' OR team IS NOT NULL)
);

-- Conversations on the Ask page; live follow-up context is kept in Redis, history here.
CREATE TABLE IF NOT EXISTS app.conversations (
    id          text PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    title       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS app.conversation_turns (
    id               bigserial PRIMARY KEY,
    conversation_id  text NOT NULL REFERENCES app.conversations (id) ON DELETE CASCADE,
    question         text NOT NULL,
    answer           jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- Append-only audit trail; prev_hash/hash make it tamper-evident (chained sha256).
CREATE TABLE IF NOT EXISTS app.audit_log (
    id           bigserial PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    username     text NOT NULL,
    role         text NOT NULL,
    action       text NOT NULL,
    question     text,
    sql          text,
    fingerprint  text,
    row_count    int,
    duration_ms  double precision,
    engine       text,
    cost_usd     numeric(12, 6) NOT NULL DEFAULT 0,
    status       text,
    client       jsonb,
    detail       jsonb,
    prev_hash    text NOT NULL,
    hash         text NOT NULL UNIQUE
);

-- Every LLM call, priced from the configured table.
CREATE TABLE IF NOT EXISTS app.llm_calls (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    username       text NOT NULL,
    department     text,
    provider       text NOT NULL,
    model          text NOT NULL,
    purpose        text NOT NULL,
    input_tokens   int NOT NULL DEFAULT 0,
    output_tokens  int NOT NULL DEFAULT 0,
    cost_usd       numeric(12, 6) NOT NULL DEFAULT 0,
    latency_ms     double precision,
    ok             boolean NOT NULL,
    error          text,
    fingerprint    text
);

CREATE TABLE IF NOT EXISTS app.reports (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL,
    owner_id    bigint NOT NULL REFERENCES app.users (id),
    question    text NOT NULL,
    spec        jsonb NOT NULL,
    archived    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (owner_id, name)
);

CREATE TABLE IF NOT EXISTS app.report_versions (
    id          bigserial PRIMARY KEY,
    report_id   bigint NOT NULL REFERENCES app.reports (id) ON DELETE CASCADE,
    version     int NOT NULL,
    question    text NOT NULL,
    spec        jsonb NOT NULL,
    created_by  bigint REFERENCES app.users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (report_id, version)
);

CREATE TABLE IF NOT EXISTS app.report_runs (
    id            bigserial PRIMARY KEY,
    report_id     bigint NOT NULL REFERENCES app.reports (id) ON DELETE CASCADE,
    version       int NOT NULL,
    run_by        bigint REFERENCES app.users (id),
    period_start  date,
    period_end    date,
    status        text NOT NULL CHECK (status IN ('queued', 'running', 'ok', 'error')),
    row_count     int,
    result        jsonb,
    error         text,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);

CREATE TABLE IF NOT EXISTS app.schedules (
    id           bigserial PRIMARY KEY,
    report_id    bigint NOT NULL REFERENCES app.reports (id) ON DELETE CASCADE,
    cron         text NOT NULL,
    timezone     text NOT NULL DEFAULT 'UTC',
    recipients   text[] NOT NULL DEFAULT '{}',
    delivery     text NOT NULL DEFAULT 'file' CHECK (delivery IN ('file', 'email', 'slack')),
    enabled      boolean NOT NULL DEFAULT true,
    created_by   bigint REFERENCES app.users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_run_at  timestamptz,
    next_run_at  timestamptz
);

CREATE TABLE IF NOT EXISTS app.schedule_runs (
    id             bigserial PRIMARY KEY,
    schedule_id    bigint NOT NULL REFERENCES app.schedules (id) ON DELETE CASCADE,
    report_run_id  bigint REFERENCES app.report_runs (id),
    status         text NOT NULL CHECK (status IN ('queued', 'running', 'ok', 'error')),
    delivered_to   text[],
    error          text,
    started_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz
);

CREATE TABLE IF NOT EXISTS app.feedback (
    id          bigserial PRIMARY KEY,
    audit_id    bigint REFERENCES app.audit_log (id),
    user_id     bigint REFERENCES app.users (id) ON DELETE SET NULL,
    verdict     text NOT NULL CHECK (verdict IN ('right', 'wrong')),
    comment     text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- What the demo seeder planted, for tests that score later analyses.
CREATE TABLE IF NOT EXISTS app.seed_runs (
    id           bigserial PRIMARY KEY,
    tickets      int NOT NULL,
    seed         bigint NOT NULL,
    today        date NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);

CREATE TABLE IF NOT EXISTS app.planted_ticket_themes (
    ticket_id  bigint NOT NULL,
    story      text NOT NULL,
    theme      text NOT NULL,
    PRIMARY KEY (ticket_id, story)
);

CREATE TABLE IF NOT EXISTS app.planted_pii (
    comment_id   bigint NOT NULL,
    entity_type  text NOT NULL CHECK (entity_type IN ('PERSON', 'EMAIL_ADDRESS', 'PHONE_NUMBER')),
    value        text NOT NULL,
    start_pos    int NOT NULL,
    end_pos      int NOT NULL
);
CREATE INDEX IF NOT EXISTS planted_pii_comment ON app.planted_pii (comment_id);
