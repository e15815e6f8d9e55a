-- Tickets created per ISO week (Monday) and product area over [start, end); the first and last week
-- hold only the days inside the range. Filters: each a text[] or NULL for all.
SELECT CAST(date_trunc('week', t.created_at) AS date) AS week, t.product_area, count(*) AS tickets
FROM tickets t
LEFT JOIN organizations o ON o.id = t.organization_id
WHERE t.created_at >= %(start)s AND t.created_at < %(end)s
  AND (CAST(%(teams)s AS text[]) IS NULL OR t.team = ANY(CAST(%(teams)s AS text[])))
  AND (CAST(%(channels)s AS text[]) IS NULL OR t.channel = ANY(CAST(%(channels)s AS text[])))
  AND (CAST(%(priorities)s AS text[]) IS NULL OR t.priority = ANY(CAST(%(priorities)s AS text[])))
  AND (CAST(%(areas)s AS text[]) IS NULL OR t.product_area = ANY(CAST(%(areas)s AS text[])))
  AND (CAST(%(plans)s AS text[]) IS NULL OR o.plan = ANY(CAST(%(plans)s AS text[])))
GROUP BY 1, 2
ORDER BY 1, 2
