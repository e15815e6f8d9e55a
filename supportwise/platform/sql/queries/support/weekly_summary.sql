-- Tickets created and solved per ISO week over the last %(weeks)s full weeks and the current one.
-- A team lead's tickets only: the scope rewrite narrows every table this query reads.
WITH weeks AS (
    SELECT generate_series(date_trunc('week', CAST(%(today)s AS date)) - make_interval(weeks => %(weeks)s),
                           date_trunc('week', CAST(%(today)s AS date)), interval '1 week') AS week
),
created AS (
    SELECT date_trunc('week', created_at) AS week, count(*) AS n
    FROM tickets
    WHERE created_at >= (SELECT min(week) FROM weeks) AND created_at < CAST(%(today)s AS date) + 1
    GROUP BY 1
),
solved AS (
    SELECT date_trunc('week', solved_at) AS week, count(*) AS n,
           count(*) FILTER (WHERE satisfaction = 'good') AS good,
           count(*) FILTER (WHERE satisfaction IS NOT NULL) AS rated
    FROM tickets
    WHERE status IN ('solved', 'closed')
      AND solved_at >= (SELECT min(week) FROM weeks) AND solved_at < CAST(%(today)s AS date) + 1
    GROUP BY 1
)
SELECT CAST(w.week AS date) AS week,
       coalesce(c.n, 0) AS created,
       coalesce(s.n, 0) AS solved,
       round(100.0 * s.good / nullif(s.rated, 0), 1) AS csat
FROM weeks w
LEFT JOIN created c ON c.week = w.week
LEFT JOIN solved s ON s.week = w.week
ORDER BY w.week
