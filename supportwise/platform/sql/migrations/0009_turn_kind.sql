-- A conversation turn says what its stored payload is: 'answer' (CONTRACT §3 Answer.to_dict())
-- or 'analysis' (a root-cause report's dict), instead of readers guessing from its keys.
ALTER TABLE app.conversation_turns
    ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'answer'
        CONSTRAINT conversation_turns_kind CHECK (kind IN ('answer', 'analysis'));

-- Turns stored before this column: a report has themes and no status (the old readers' test, once).
UPDATE app.conversation_turns SET kind = 'analysis'
WHERE kind = 'answer' AND answer ? 'themes' AND NOT answer ? 'status';
