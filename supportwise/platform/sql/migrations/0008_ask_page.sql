-- The Ask page keeps its history: conversation turns can be answered in the background
-- (pending until the worker writes the answer), feedback says what it was about, and a
-- report run records the exact spec it ran. Additive and idempotent.

-- A background turn is stored before its answer exists: answer stays NULL until the job
-- writes what the user is shown (already masked for their role).
ALTER TABLE app.conversation_turns ALTER COLUMN answer DROP NOT NULL;
ALTER TABLE app.conversation_turns
    ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'done'
        CONSTRAINT conversation_turns_status CHECK (status IN ('pending', 'done', 'cancelled', 'failed')),
    ADD COLUMN IF NOT EXISTS job_id text,
    ADD COLUMN IF NOT EXISTS audit_id bigint REFERENCES app.audit_log (id),
    ADD COLUMN IF NOT EXISTS error text,
    ADD COLUMN IF NOT EXISTS finished_at timestamptz;

CREATE INDEX IF NOT EXISTS conversation_turns_conversation ON app.conversation_turns (conversation_id, id);
CREATE UNIQUE INDEX IF NOT EXISTS conversation_turns_job ON app.conversation_turns (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS conversations_user_recent ON app.conversations (user_id, updated_at DESC);

-- Feedback names its question (the audit row may be unknown) and, from the Ask page, its turn.
-- Erasure deletes feedback rows of the user, so the comment goes with them.
ALTER TABLE app.feedback
    ADD COLUMN IF NOT EXISTS question text,
    ADD COLUMN IF NOT EXISTS turn_id bigint REFERENCES app.conversation_turns (id) ON DELETE SET NULL;

-- A run may use a new period: keep the spec that actually ran, and its audit row.
ALTER TABLE app.report_runs
    ADD COLUMN IF NOT EXISTS spec jsonb,
    ADD COLUMN IF NOT EXISTS audit_id bigint REFERENCES app.audit_log (id);

CREATE INDEX IF NOT EXISTS report_runs_report_recent ON app.report_runs (report_id, id DESC);
