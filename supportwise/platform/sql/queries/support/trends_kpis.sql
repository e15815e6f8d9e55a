-- Trends page cards for [start, end): volume, solved, backlog at the end, median first response and
-- resolution (hours), CSAT, and sentiment (negative share and mean over tickets with a label).
-- Filters: each a text[] or NULL for all (teams, channels, priorities, areas, plans).
-- Backlog at the end = created before it and not solved by then (for an end after now: open now).
WITH f AS MATERIALIZED (
    SELECT t.id, t.status, t.created_at, t.first_response_at, t.solved_at, t.satisfaction
    FROM tickets t
    LEFT JOIN organizations o ON o.id = t.organization_id
    WHERE (CAST(%(teams)s AS text[]) IS NULL OR t.team = ANY(CAST(%(teams)s AS text[])))
      AND (CAST(%(channels)s AS text[]) IS NULL OR t.channel = ANY(CAST(%(channels)s AS text[])))
      AND (CAST(%(priorities)s AS text[]) IS NULL OR t.priority = ANY(CAST(%(priorities)s AS text[])))
      AND (CAST(%(areas)s AS text[]) IS NULL OR t.product_area = ANY(CAST(%(areas)s AS text[])))
      AND (CAST(%(plans)s AS text[]) IS NULL OR o.plan = ANY(CAST(%(plans)s AS text[])))
),
created AS (
    SELECT * FROM f WHERE created_at >= %(start)s AND created_at < %(end)s
),
solved AS (
    SELECT * FROM f WHERE status IN ('solved', 'closed') AND solved_at >= %(start)s AND solved_at < %(end)s
),
felt AS (
    SELECT tt.sentiment_label, tt.sentiment_mean
    FROM created c JOIN ticket_text tt ON tt.ticket_id = c.id
    WHERE tt.sentiment_label IS NOT NULL
)
SELECT
    (SELECT count(*) FROM created) AS created,
    (SELECT count(*) FROM solved) AS solved,
    (SELECT count(*) FROM f WHERE created_at < %(end)s
        AND (status IN ('new', 'open', 'pending', 'on_hold') OR solved_at >= %(end)s)) AS backlog,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at) / 3600)
        FROM created WHERE first_response_at IS NOT NULL) AS median_first_response_hours,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM solved_at - created_at) / 3600)
        FROM solved) AS median_resolution_hours,
    (SELECT 100.0 * count(*) FILTER (WHERE satisfaction = 'good') / nullif(count(satisfaction), 0)
        FROM solved) AS csat,
    (SELECT 100.0 * count(*) FILTER (WHERE sentiment_label = 'negative') / nullif(count(*), 0)
        FROM felt) AS negative_share,
    (SELECT avg(sentiment_mean) FROM felt) AS mean_sentiment,
    (SELECT count(*) FROM felt) AS labelled,
    EXISTS (SELECT 1 FROM ticket_text) AS sentiment_computed
