-- Tickets created per ISO week and product area, last %(weeks)s full weeks and the current one.
SELECT CAST(date_trunc('week', created_at) AS date) AS week, product_area, count(*) AS tickets
FROM tickets
WHERE created_at >= date_trunc('week', CAST(%(today)s AS date)) - make_interval(weeks => %(weeks)s)
  AND created_at < CAST(%(today)s AS date) + 1
  AND (CAST(%(team)s AS text) IS NULL OR team = %(team)s)
GROUP BY 1, 2
ORDER BY 1, 2
