-- Issue 11: the team glossary (a team's own words, fixed by admins for everyone) and verified
-- answers (questions an admin checked; their QuerySpecs are templates the planner matches first).
-- Every change is also an audit row (glossary_save / glossary_delete / verified_add / verified_remove).

CREATE TABLE IF NOT EXISTS app.glossary (
    id          bigserial PRIMARY KEY,
    term        text NOT NULL,                       -- as typed: 'P1', 'VIP', 'TTR'
    term_key    text NOT NULL UNIQUE,                -- lower case: one entry per word
    kind        text NOT NULL CONSTRAINT glossary_kind CHECK (kind IN ('value', 'metric', 'word')),
    target      text NOT NULL,                       -- 'priority=urgent', 'resolution_time:median', 'tickets'
    note        text,
    updated_by  text NOT NULL,                       -- username (pseudonymized on erasure)
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS app.verified_questions (
    id              bigserial PRIMARY KEY,
    question        text NOT NULL,                   -- as asked when verified
    question_key    text NOT NULL UNIQUE,            -- normalized: what a new question is matched on
    spec            jsonb NOT NULL,                  -- the QuerySpec answered
    sql             text NOT NULL,                   -- its SQL when verified, before team scope: the re-check
    verified_by     text NOT NULL,                   -- username (pseudonymized on erasure)
    verified_at     timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT, UPDATE, DELETE ON app.glossary, app.verified_questions TO supportwise_app;
GRANT USAGE, SELECT ON SEQUENCE app.glossary_id_seq, app.verified_questions_id_seq TO supportwise_app;
