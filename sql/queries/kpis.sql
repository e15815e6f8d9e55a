-- Headline figures for [start, end): volume, solved, backlog now, median first response and resolution (hours), CSAT.
SELECT
    (SELECT count(*) FROM tickets WHERE created_at >= %(start)s AND created_at < %(end)s
        AND (CAST(%(team)s AS text) IS NULL OR team = %(team)s)) AS created,
    (SELECT count(*) FROM tickets WHERE status IN ('solved', 'closed') AND solved_at >= %(start)s AND solved_at < %(end)s
        AND (CAST(%(team)s AS text) IS NULL OR team = %(team)s)) AS solved,
    (SELECT count(*) FROM tickets WHERE status IN ('new', 'open', 'pending', 'on_hold')
        AND (CAST(%(team)s AS text) IS NULL OR team = %(team)s)) AS backlog,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at) / 3600)
        FROM tickets WHERE first_response_at IS NOT NULL AND created_at >= %(start)s AND created_at < %(end)s
        AND (CAST(%(team)s AS text) IS NULL OR team = %(team)s)) AS median_first_response_hours,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM solved_at - created_at) / 3600)
        FROM tickets WHERE status IN ('solved', 'closed') AND solved_at >= %(start)s AND solved_at < %(end)s
        AND (CAST(%(team)s AS text) IS NULL OR team = %(team)s)) AS median_resolution_hours,
    (SELECT round(100.0 * count(*) FILTER (WHERE satisfaction = 'good') / nullif(count(satisfaction), 0), 1)
        FROM tickets WHERE status IN ('solved', 'closed') AND solved_at >= %(start)s AND solved_at < %(end)s
        AND (CAST(%(team)s AS text) IS NULL OR team = %(team)s)) AS csat
