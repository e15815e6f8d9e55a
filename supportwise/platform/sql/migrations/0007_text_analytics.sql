-- Text analytics (issue 6): sentiment per comment, sentiment and a search document per ticket,
-- and — only where the pgvector extension exists — one embedding per ticket. Filled by
-- supportwise.text.enrich (`python -m supportwise enrich` or the jobs.enrich RQ job).
-- Derived data: the seeder's TRUNCATE … CASCADE empties these tables with the tickets.

CREATE TABLE IF NOT EXISTS public.comment_sentiment (
    comment_id  bigint PRIMARY KEY REFERENCES public.comments (id) ON DELETE CASCADE,
    ticket_id   bigint NOT NULL,
    score       real NOT NULL,  -- VADER compound, -1 … 1
    label       text NOT NULL CHECK (label IN ('negative', 'neutral', 'positive'))
);
CREATE INDEX IF NOT EXISTS comment_sentiment_ticket ON public.comment_sentiment (ticket_id);

-- Sentiment over the ticket's CUSTOMER comments only (mean, first, last; NULL without any);
-- the label is the mean's with VADER's thresholds (>= 0.05 positive, <= -0.05 negative).
-- document = subject (weight A) + customer comment bodies (weight B), english configuration.
-- customer_comments is also how enrichment notices a deleted customer comment.
CREATE TABLE IF NOT EXISTS public.ticket_text (
    ticket_id          bigint PRIMARY KEY REFERENCES public.tickets (id) ON DELETE CASCADE,
    sentiment_mean     real,
    sentiment_first    real,
    sentiment_last     real,
    sentiment_label    text CHECK (sentiment_label IN ('negative', 'neutral', 'positive')),
    customer_comments  int NOT NULL DEFAULT 0,
    document           tsvector NOT NULL,
    enriched_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ticket_text_document ON public.ticket_text USING gin (document);

-- Enrichment reads the support tables as the reader and writes these tables as the app role;
-- the question guard does not list them, so question SQL still cannot reach them.
GRANT SELECT ON public.comment_sentiment, public.ticket_text TO supportwise_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.comment_sentiment, public.ticket_text TO supportwise_app;
GRANT USAGE ON SCHEMA public TO supportwise_app;

-- Embeddings (all-MiniLM-L6-v2, 384 dimensions, normalized) only where pgvector can be had:
-- a server without it (Debian's PostgreSQL 15) or a migrating user that may not create it
-- keeps full-text search, and this migration still succeeds.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'vector') THEN
        IF NOT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'vector') THEN
            RAISE NOTICE 'pgvector is not installed on this server: ticket search stays full-text only';
            RETURN;
        END IF;
        BEGIN
            CREATE EXTENSION IF NOT EXISTS vector;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'pgvector is available but % may not create it: ticket search stays full-text only',
                current_user;
            RETURN;
        END;
    END IF;
    CREATE TABLE IF NOT EXISTS public.ticket_embeddings (
        ticket_id  bigint PRIMARY KEY REFERENCES public.tickets (id) ON DELETE CASCADE,
        embedding  vector(384) NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ticket_embeddings_hnsw ON public.ticket_embeddings
        USING hnsw (embedding vector_cosine_ops);
    GRANT SELECT ON public.ticket_embeddings TO supportwise_reader;
    GRANT SELECT, INSERT, UPDATE, DELETE ON public.ticket_embeddings TO supportwise_app;
END $$;
