-- Trends page weekly series over [start, end), ISO weeks (Monday); the first and last week hold only
-- the days inside the range. Per week: tickets created; median first response (hours, by created week);
-- median resolution (hours) and CSAT (by solved week); negative share and mean sentiment (created week).
-- Filters: each a text[] or NULL for all (teams, channels, priorities, areas, plans).
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
weeks AS (
    SELECT CAST(week AS date) AS week
    FROM generate_series(date_trunc('week', CAST(%(start)s AS date)), CAST(%(end)s AS date) - 1,
                         interval '1 week') AS week
),
created AS (
    SELECT CAST(date_trunc('week', f.created_at) AS date) AS week, count(*) AS tickets,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_response_at - f.created_at) / 3600)
               FILTER (WHERE f.first_response_at IS NOT NULL) AS median_first_response_hours,
           100.0 * count(*) FILTER (WHERE tt.sentiment_label = 'negative') / nullif(count(tt.sentiment_label), 0)
               AS negative_share,
           avg(tt.sentiment_mean) FILTER (WHERE tt.sentiment_label IS NOT NULL) AS mean_sentiment,
           count(tt.sentiment_label) AS labelled
    FROM f
    LEFT JOIN ticket_text tt ON tt.ticket_id = f.id
    WHERE f.created_at >= %(start)s AND f.created_at < %(end)s
    GROUP BY 1
),
solved AS (
    SELECT CAST(date_trunc('week', solved_at) AS date) AS week, count(*) AS solved,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM solved_at - created_at) / 3600)
               AS median_resolution_hours,
           100.0 * count(*) FILTER (WHERE satisfaction = 'good') / nullif(count(satisfaction), 0) AS csat,
           count(satisfaction) AS rated
    FROM f
    WHERE status IN ('solved', 'closed') AND solved_at >= %(start)s AND solved_at < %(end)s
    GROUP BY 1
)
SELECT w.week, coalesce(c.tickets, 0) AS created, coalesce(s.solved, 0) AS solved,
       c.median_first_response_hours, s.median_resolution_hours, s.csat, coalesce(s.rated, 0) AS rated,
       c.negative_share, c.mean_sentiment, coalesce(c.labelled, 0) AS labelled
FROM weeks w
LEFT JOIN created c ON c.week = w.week
LEFT JOIN solved s ON s.week = w.week
ORDER BY w.week
